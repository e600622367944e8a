"""Lineside in Microsoft Teams: 1:1 chats, channel mentions, Adaptive Card approvals, alerts."""
