"""Casework services, one module per part of the episode. Every change to an episode's status goes
through ``lifecycle.episode_move``; every significant event lands in the chronology through
``lifecycle.chronology_add``."""
