"""This app's panel on the episode page (casework.views.episode.PANEL_MODULES)."""

from __future__ import annotations


def episode_panel(request, episode) -> str:
    return ""
