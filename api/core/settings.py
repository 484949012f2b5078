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
    rasa_timeout_seconds: float = 20.0
    chat_max_chars: int = 2000
    # fractions allowed (tests use a few seconds); the bot's tracker store reads the same value
    chat_idle_minutes: float = 30
    rate_limit_session_per_minute: int = 30
    rate_limit_global_per_minute: int = 1200
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
