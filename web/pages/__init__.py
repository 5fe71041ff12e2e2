"""The staff pages, in Vietnamese: one module per page or group of pages, sharing ``web.pages.base``."""
