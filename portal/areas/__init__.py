"""The area tree: kommun → stadsdel/område → delområde, with point → area lookup."""
