"""Lineside in Slack: DMs, mentions, /lineside, proposal cards and alerts (slack-bolt)."""
