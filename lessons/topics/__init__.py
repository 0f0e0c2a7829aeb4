"""One module (or folder) per topic: its pure figures, and its explorer apart from them."""
