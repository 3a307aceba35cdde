class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, for the person who ran the command."""
