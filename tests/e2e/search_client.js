// Runs the site's own search client (static/search.js, as published) under node against the
// index files of a built site, and prints the results of each query as JSON lines:
//   node search_client.js PUBLIC_DIR QUERY...
// Each line: {"query", "total", "top": [[title, url, line, place], ...], "files": [...], "bytes"}
// where files are the index files the query fetched and bytes their total size.
'use strict';
var fs = require('fs');
var path = require('path');

var publicDir = process.argv[2];
var queries = process.argv.slice(3);
var client = require(path.resolve(publicDir, 'search.js'));
var page = fs.readFileSync(path.join(publicDir, 'search/index.html'), 'utf8');
function attr(name) {
  var m = new RegExp('data-' + name + '="(\\d+)"').exec(page);
  if (!m) { throw new Error('search page lacks data-' + name); }
  return parseInt(m[1], 10);
}
var shards = attr('shards');
var chunk = attr('chunk');

function next(i) {
  if (i >= queries.length) { return; }
  var fetched = {};
  var load = function (rel, done) {
    var file = path.join(publicDir, rel);
    fs.readFile(file, function (err, bytes) {
      if (err) { done(err); return; }
      fetched[rel] = bytes.length;
      done(null, JSON.parse(bytes.toString('utf8')));
    });
  };
  client.search(queries[i], shards, load, function (err, hits) {
    if (err) { throw err; }
    client.documents(hits.slice(0, 20), chunk, load, function (err2, rows) {
      if (err2) { throw err2; }
      var files = Object.keys(fetched).sort();
      var bytes = files.reduce(function (sum, f) { return sum + fetched[f]; }, 0);
      process.stdout.write(JSON.stringify({
        query: queries[i], total: hits.length, top: rows, files: files, bytes: bytes
      }) + '\n');
      next(i + 1);
    });
  });
}
next(0);
