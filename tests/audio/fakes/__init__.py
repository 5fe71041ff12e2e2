"""Local stand-ins for the speech vendors' HTTP APIs, checking requests and answering as the vendors do."""
