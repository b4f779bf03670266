"""Tests in real terminals (tmux): breather as a person meets it."""
