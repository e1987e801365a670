"""Model files the judge needs: located in installed packages, sha256-verified, then read (shell)."""
