// Parse a feed file with the Podcast Index's parser and print the result as JSON.
// Usage: node parse.js feed.xml   (prints "null" when partytime rejects the document)
"use strict";

// partytime logs through pino to stdout, which would corrupt the JSON we print.
process.env.PARTYTIME_LOG = "silent";

const fs = require("fs");
const { parseFeed } = require("podcast-partytime");

const path = process.argv[2];
if (!path) {
  process.stderr.write("usage: node parse.js FEED.xml\n");
  process.exit(2);
}
const feed = parseFeed(fs.readFileSync(path, "utf8"), { allowMissingGuid: false });
process.stdout.write(JSON.stringify(feed));
