"""Speech layer: audio clips, delivery metrics, text-to-speech and speech recognition."""
