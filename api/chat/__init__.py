"""The chat gateway: the only public entry to the bot, with its own safe words when the bot
cannot answer."""
