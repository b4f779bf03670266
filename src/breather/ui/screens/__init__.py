"""The screens: library, start card, player, summary, and the small modal ones."""
