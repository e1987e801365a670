"""The desktop game (pygame). The only package that imports pygame.

Entry points: ``simulator.app.run.run_game(settings)`` and ``simulator.app.app.App``.
"""
