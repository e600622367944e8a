"""The console: server-rendered pages for plant people under /console, in the service's app."""

from api.console.router import install

__all__ = ["install"]
