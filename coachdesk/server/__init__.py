"""The central sync server: FastAPI app factory, accounts, devices, scope, the row store and its CLI."""
