"""Settings of the API process: the only place that reads the environment."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "placeholder"}


class Settings(BaseSettings):
    """Every setting of the API/gateway; documented in .env.example."""

    model_config = SettingsConfigDict(env_file=ROOT / ".env", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'var' / 'wegwijzer.db'}"
    seed_dir: Path = ROOT / "api" / "landscape" / "seed"
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    log_level: str = "INFO"
    max_body_bytes: int = 65_536

    # chat gateway
    rasa_url: str = "http://127.0.0.1:5005"
    # shared secret between the gateway and the bot's channel; `make env` writes a random one.
    # Optional so that the CLI works without it; the app refuses to start without it.
    channel_token: SecretStr | None = None
    # The bot's answer is awaited this long; then the person gets the crisis lines and is told
    # the chat is slow (never silence). A crisis message waits at most crisis_wait_seconds.
    rasa_timeout_seconds: float = 3.0
    crisis_wait_seconds: float = 1.0
    chat_max_chars: int = 2000
    # fractions allowed (tests use a few seconds); the bot's tracker store reads the same value
    chat_idle_minutes: float = 30
    rate_limit_session_per_minute: int = 30
    # new conversations, so that a flood of them cannot use up the global ceiling
    rate_limit_sessions_per_minute: int = 300
    rate_limit_global_per_minute: int = 1200
    # Redis shared by the gateway workers for their limits (the scaled stack); when set, the
    # gateway also knows that the bot's conversations outlive a bot process.
    redis_url: SecretStr | None = None
    cors_origins: list[str] = Field(default_factory=list)
    quick_exit_url: str = "https://www.buienradar.nl/"
    public_url: str = ""

    # insight
    record_outcomes: bool = True
    freshness_days: int = 180
    k_anonymity: int = 5

    # maintainers' workspace (/beheer/) and admin tokens (api/workspace/, api/admin/)
    workspace_session_idle_minutes: float = 60
    workspace_session_max_hours: float = 12
    workspace_lockout_attempts: int = 5
    workspace_lockout_minutes: float = 15
    workspace_invite_days: float = 7
    # None: Secure cookies whenever PUBLIC_URL or the request is https
    workspace_cookie_secure: bool | None = None
    # the team's triage cases, run by the preview to show what a change does to the answers
    workspace_cases_file: Path = ROOT / "tests" / "api" / "rules" / "engine_cases.yml"
    admin_token_days: int = 90

    @field_validator("redis_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        # REDIS_URL= (empty, as in .env.example) means no Redis: the embedded stack.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("channel_token")
    @classmethod
    def _refuse_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
            raise ValueError(
                "CHANNEL_TOKEN is empty or a placeholder: set a long random value in .env "
                "(make run writes one for you)."
            )
        return value

    @property
    def secret(self) -> str:
        """The channel token; the app checks at start that it is set."""
        if self.channel_token is None:
            raise RuntimeError(
                "CHANNEL_TOKEN is not set: run `make env` (it writes a random one into .env)."
            )
        return self.channel_token.get_secret_value()

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
