/* Search of the lingong site: plain ES5, no framework, no WebAssembly, nothing from other
 * hosts, so that it runs in old WeChat and Android web views.
 *
 * The index is built with the site (site/src/search/). A query is cut into tokens by the same
 * rules as the indexer (token.rs): Chinese bigrams, single characters, ASCII words, and pinyin
 * initials of bigrams (~bj for 保洁). Each token's postings live in the shard numbered by its
 * FNV-1a hash, so a query fetches only the shards of its tokens, then the chunks of the
 * document table that hold the results it shows. Ranking follows query.rs. */
(function () {
  'use strict';

  var PINYIN_PREFIX = '~';
  var HEAD_WEIGHT = 3;
  var BODY_WEIGHT = 1;
  var PAGE = 20;

  function isHan(c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF);
  }

  function halfwidth(c) {
    if (c === 0x3000) { return 0x20; }
    if (c >= 0xFF01 && c <= 0xFF5E) { return c - 0xFEE0; }
    return c;
  }

  function isAlnum(c) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  }

  /* Runs of Chinese characters ({han: [...]}) and of lowercased ASCII ({word: '...'}). */
  function runs(text) {
    var out = [];
    var han = [];
    var word = '';
    for (var i = 0; i < text.length; i++) {
      var c = halfwidth(text.charCodeAt(i));
      if (isHan(c)) {
        if (word) { out.push({ word: word }); word = ''; }
        han.push(String.fromCharCode(c));
      } else if (isAlnum(c)) {
        if (han.length) { out.push({ han: han }); han = []; }
        word += String.fromCharCode(c).toLowerCase();
      } else {
        if (han.length) { out.push({ han: han }); han = []; }
        if (word) { out.push({ word: word }); word = ''; }
      }
    }
    if (han.length) { out.push({ han: han }); }
    if (word) { out.push({ word: word }); }
    return out;
  }

  function dedup(list) {
    var seen = {};
    var out = [];
    for (var i = 0; i < list.length; i++) {
      if (!seen.hasOwnProperty(list[i])) { seen[list[i]] = true; out.push(list[i]); }
    }
    return out;
  }

  /* One group per term: a document must satisfy every group. */
  function queryGroups(query) {
    var groups = [];
    var rs = runs(query);
    for (var i = 0; i < rs.length; i++) {
      var r = rs[i];
      var j;
      if (r.han) {
        var tokens = [];
        if (r.han.length === 1) {
          tokens.push(r.han[0]);
        } else {
          for (j = 0; j + 1 < r.han.length; j++) { tokens.push(r.han[j] + r.han[j + 1]); }
        }
        groups.push({ tokens: tokens, relaxLast: tokens.length >= 2, pinyin: [] });
      } else {
        var w = r.word;
        var pinyin = [];
        if (w.length >= 2 && /^[a-z]+$/.test(w)) {
          for (j = 0; j + 1 < w.length; j++) { pinyin.push(PINYIN_PREFIX + w.charAt(j) + w.charAt(j + 1)); }
          pinyin = dedup(pinyin);
        }
        if (w.length < 2 && !pinyin.length) { continue; }
        groups.push({ tokens: [w], relaxLast: false, pinyin: pinyin });
      }
    }
    return groups;
  }

  /* FNV-1a over UTF-8 bytes; the multiply by 16777619 is spelled as shifts because
   * Math.imul is newer than ES5. */
  function hash(token) {
    var bytes = unescape(encodeURIComponent(token));
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes.charCodeAt(i);
      h = (h + (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)) >>> 0;
    }
    return h >>> 0;
  }

  function shardOf(token, shards) {
    return (hash(token) & (shards - 1)) >>> 0;
  }

  function shardPath(shard) { return 'search/t/' + shard.toString(16) + '.json'; }
  function chunkPath(chunk) { return 'search/d/' + chunk + '.json'; }

  /* Gaps and folded runs back to ascending ids (index.rs: encode_runs): v >= 0 is an id v
   * after the one following the previous id; v < 0 adds the -v ids that follow. */
  function decodeRuns(list) {
    var out = [];
    var next = 0;
    for (var i = 0; i < list.length; i++) {
      var v = list[i];
      if (v >= 0) {
        out.push(next + v);
        next = next + v + 1;
      } else {
        for (var k = 0; k < -v; k++) { out.push(next + k); }
        next -= v;
      }
    }
    return out;
  }

  /* Documents having every one of tokens that the index holds, with scores; with relaxLast,
   * also those lacking only the last token. A missing token may be left out only between two
   * present ones (query.rs: group_scores). */
  function groupScores(tokens, relaxLast, lookup) {
    var looked = [];
    var found = [];
    var scores = {};
    var i;
    var n = tokens.length;
    for (i = 0; i < n; i++) { looked.push(lookup(tokens[i])); }
    for (i = 0; i < n; i++) {
      if (looked[i]) {
        found.push(looked[i]);
      } else if (!(i > 0 && i + 1 < n && looked[i - 1] && looked[i + 1])) {
        return scores;
      }
    }
    if (!found.length) { return scores; }
    var relax = relaxLast && found.length === tokens.length;
    var last = found.length - 1;
    var tally = {};
    for (i = 0; i < found.length; i++) {
      var lists = [[found[i][0] || [], HEAD_WEIGHT], [found[i][1] || [], BODY_WEIGHT]];
      for (var k = 0; k < 2; k++) {
        var ids = decodeRuns(lists[k][0]);
        for (var n = 0; n < ids.length; n++) {
          var e = tally[ids[n]] || (tally[ids[n]] = [0, 0, false]);
          e[0] += 1;
          e[1] += lists[k][1];
          if (i === last) { e[2] = true; }
        }
      }
    }
    for (var id in tally) {
      if (tally.hasOwnProperty(id)) {
        var t = tally[id];
        if (t[0] === found.length || (relax && t[0] === last && !t[2])) { scores[id] = t[1]; }
      }
    }
    return scores;
  }

  /* Ranks documents for parsed groups, given a token → [head runs, body runs] lookup.
   * Returns [[id, score], …], best first, ties to the lower id (the newer job). */
  function rank(groups, lookup) {
    var total = null;
    for (var g = 0; g < groups.length; g++) {
      var group = groups[g];
      var id;
      var scores = groupScores(group.tokens, group.relaxLast, lookup);
      if (group.pinyin.length) {
        var py = groupScores(group.pinyin, false, lookup);
        for (id in py) {
          if (py.hasOwnProperty(id)) { scores[id] = Math.max(scores[id] || 0, py[id]); }
        }
      }
      if (total === null) {
        total = scores;
      } else {
        var both = {};
        for (id in total) {
          if (total.hasOwnProperty(id) && scores.hasOwnProperty(id)) { both[id] = total[id] + scores[id]; }
        }
        total = both;
      }
    }
    var hits = [];
    for (var key in total) {
      if (total.hasOwnProperty(key)) { hits.push([parseInt(key, 10), total[key]]); }
    }
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return hits;
  }

  /* A loader with a cache: load(path, callback(err, json)). */
  function cached(load) {
    var memo = {};
    return function (path, done) {
      if (memo.hasOwnProperty(path)) { done(null, memo[path]); return; }
      load(path, function (err, json) {
        if (!err) { memo[path] = json; }
        done(err, json);
      });
    };
  }

  function loadAll(paths, load, done) {
    var left = paths.length;
    var out = {};
    var failed = null;
    if (!left) { done(null, out); return; }
    for (var i = 0; i < paths.length; i++) {
      (function (path) {
        load(path, function (err, json) {
          if (err) { failed = failed || err; } else { out[path] = json; }
          left -= 1;
          if (!left) { done(failed, out); }
        });
      })(paths[i]);
    }
  }

  /* The whole query: fetch the shards of its tokens, rank. done(err, hits). */
  function search(query, shards, load, done) {
    var groups = queryGroups(query);
    if (!groups.length) { done(null, []); return; }
    var tokens = [];
    for (var g = 0; g < groups.length; g++) { tokens = tokens.concat(groups[g].tokens, groups[g].pinyin); }
    tokens = dedup(tokens);
    var paths = [];
    for (var i = 0; i < tokens.length; i++) { paths.push(shardPath(shardOf(tokens[i], shards))); }
    loadAll(dedup(paths), load, function (err, files) {
      if (err) { done(err); return; }
      done(null, rank(groups, function (token) {
        var shard = files[shardPath(shardOf(token, shards))];
        return shard && shard.hasOwnProperty(token) ? shard[token] : null;
      }));
    });
  }

  /* Rows of the document table ([title, url, line, place]) for some hits. */
  function documents(hits, chunk, load, done) {
    var paths = [];
    for (var i = 0; i < hits.length; i++) { paths.push(chunkPath(Math.floor(hits[i][0] / chunk))); }
    loadAll(dedup(paths), load, function (err, files) {
      if (err) { done(err); return; }
      var rows = [];
      for (var i = 0; i < hits.length; i++) {
        var id = hits[i][0];
        rows.push(files[chunkPath(Math.floor(id / chunk))][id % chunk]);
      }
      done(null, rows);
    });
  }

  var api = {
    runs: runs, queryGroups: queryGroups, hash: hash, shardOf: shardOf,
    decodeRuns: decodeRuns, rank: rank, search: search, documents: documents, cached: cached
  };

  /* ---- the page ---- */

  function xhrLoad(version) {
    return function (path, done) {
      var x = new XMLHttpRequest();
      x.open('GET', '/' + path + '?v=' + version, true);
      x.onreadystatechange = function () {
        if (x.readyState !== 4) { return; }
        if (x.status === 200) {
          var json;
          try { json = JSON.parse(x.responseText); } catch (e) { done(e); return; }
          done(null, json);
        } else {
          done(new Error('HTTP ' + x.status));
        }
      };
      x.send();
    };
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (content) { el.appendChild(document.createTextNode(content)); }
    return el;
  }

  function card(row) {
    var li = text('li', 'card');
    var h = text('h2', 'card-title');
    var a = text('a', '', row[0]);
    a.href = row[1];
    h.appendChild(a);
    li.appendChild(h);
    if (row[2]) { li.appendChild(text('p', row[2] === '政策解读' ? 'card-meta' : 'card-pay', row[2])); }
    if (row[3]) { li.appendChild(text('p', 'card-meta', row[3])); }
    return li;
  }

  /* The hidden attribute, not the property, which old web views do not know. */
  function show(el, on) {
    if (on) { el.removeAttribute('hidden'); } else { el.setAttribute('hidden', ''); }
  }

  function queryFromUrl() {
    var m = /[?&]q=([^&]*)/.exec(window.location.search);
    if (!m) { return ''; }
    try { return decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) { return ''; }
  }

  function start() {
    var box = document.getElementById('search');
    if (!box) { return; }
    var form = document.getElementById('search-form');
    var input = document.getElementById('search-q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var more = document.getElementById('search-more');
    var shards = parseInt(box.getAttribute('data-shards'), 10);
    var chunk = parseInt(box.getAttribute('data-chunk'), 10);
    var load = cached(xhrLoad(box.getAttribute('data-version')));
    var hits = [];
    var shown = 0;
    var asked = 0;

    function say(message) {
      status.innerHTML = '';
      status.appendChild(document.createTextNode(message));
    }

    function showMore() {
      var next = hits.slice(shown, shown + PAGE);
      var ticket = asked;
      show(more, false);
      documents(next, chunk, load, function (err, rows) {
        if (ticket !== asked) { return; }
        if (err) { say('搜索暂时出了问题，请稍后再试，或按下面的工种、乡镇找。'); return; }
        for (var i = 0; i < rows.length; i++) { if (rows[i]) { list.appendChild(card(rows[i])); } }
        shown += next.length;
        show(more, shown < hits.length);
      });
    }

    function run(query) {
      asked += 1;
      var ticket = asked;
      list.innerHTML = '';
      hits = [];
      shown = 0;
      show(more, false);
      if (!queryGroups(query).length) { say(query ? '请输入汉字、拼音首字母或两位以上的数字。' : ''); return; }
      say('正在搜索……');
      search(query, shards, load, function (err, found) {
        if (ticket !== asked) { return; }
        if (err) { say('搜索暂时出了问题，请稍后再试，或按下面的工种、乡镇找。'); return; }
        hits = found;
        if (!hits.length) { say('没有找到“' + query + '”。换个词试试，或按下面的工种、乡镇找。'); return; }
        say('找到 ' + hits.length + ' 条结果');
        showMore();
      });
    }

    show(form, true);
    form.onsubmit = function (e) {
      if (e && e.preventDefault) { e.preventDefault(); }
      var query = input.value;
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', '?q=' + encodeURIComponent(query));
      }
      run(query);
      return false;
    };
    more.onclick = showMore;
    var initial = queryFromUrl();
    if (initial) { input.value = initial; run(initial); }
  }

  if (typeof module === 'object' && module.exports) { module.exports = api; }
  if (typeof document !== 'undefined') { start(); }
})();
