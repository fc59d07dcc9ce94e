"""The desktop side of sync: background syncing, its status bar, signing in, and the Conflicts view."""
