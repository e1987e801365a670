"""The game's scenes; each is one screen on the App's scene stack."""
