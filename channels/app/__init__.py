"""The product as a process: the composition root (bootstrap), the ``serve`` runner, the shared
web app, the channel registry and plugin protocol, logging and background-task helpers."""
