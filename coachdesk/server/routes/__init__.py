"""HTTP routes: health, accounts and devices, sync, single records, administration."""
