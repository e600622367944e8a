"""Test helpers that stand in for outside services over real protocols."""
