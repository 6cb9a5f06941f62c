// newsarchive's search in the browser: the Whoosh index, exported by the build into
// search/ as small JSON files, queried here. A query fetches only the shards of the
// terms it needs, then the few documents it shows. Same query language and same
// ranking (TF-IDF over Whoosh's weights) as `invoke search`; results are built with
// DOM text, never from HTML.
(function () {
  "use strict";

  var script = document.currentScript;
  // The search files sit beside the site root, wherever the site is served (a sub-path too).
  var base = new URL("../../search/", script.src).href;
  var siteRoot = new URL("../../", script.src).href;
  var cache = {};
  var generation = "";  // of the export, from meta.json
  var split = { terms: new Set(), positions: new Set() };  // the split groups of terms, from meta.json

  function fetchJSON(path) {
    if (!cache[path]) {
      // Every file is gzipped JSON, unzipped here: no static host has to compress for us. The
      // export's generation in the address keeps a browser from mixing files of two exports.
      cache[path] = fetch(base + path + ".gz?g=" + generation).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
      });
    }
    return cache[path];
  }

  var metaFile = null;
  var newest = {};  // article number -> place in the archive, newest first: equal scores rank so
  var layout = null;  // where each value sits in doc/<n>.json, from meta.json (newsarchive/search/format.py)
  var scoreSteps = 1;  // a score's ranking unit, from meta.json
  var recent = null;  // the recent articles' postings, from meta.json (see current())
  var stale = new Set();  // numbers whose postings in the term files no longer count
  function meta() {
    if (!metaFile) {
      metaFile = fetch(base + "meta.json.gz", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("meta.json: HTTP " + r.status);
        return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
      }).then(function (m) {
        generation = m.generation;
        split = { terms: new Set(m.split.terms), positions: new Set(m.split.positions) };
        layout = { doc: m.doc, facets: m.facets, facetFiles: m.facetFiles, facetFileCount: m.facetFileCount, page: m.page || { results: 10, facets: 8 } };
        scoreSteps = m.scoreSteps;
        recent = m.recent || null;
        stale = new Set(recent ? recent.stale : []);
        rules = { fold: m.fold, variants: m.variants };
        newest = {};
        undelta(m.newest).forEach(function (number, place) { newest[number] = place; });
        return m;
      });
    }
    return metaFile;
  }

  // A score as it is ranked: whole steps (meta.json's scoreSteps), so sums that differ only in a float's
  // last bits rank as equals, by date, as newsarchive.search.format.ranking_score ranks them.
  function ranking(score) {
    return Math.floor(score * scoreSteps + 0.5);
  }

  function undelta(numbers) {
    var out = [];
    for (var i = 0, n = 0; i < numbers.length; i++) out.push(n = i ? n + numbers[i] : numbers[i]);
    return out;
  }

  // ---- analysis, as newsarchive.search analyses text: the rules come from meta.json
  // (newsarchive/search/format.py declares them once for both).

  var rules = null;  // meta.json's fold table and variant-key tables, set when it is read
  var COMBINING = /\p{Mn}/u;
  var LATIN = /^[A-Za-z]$/;

  var ASCII = /^[\x00-\x7f]*$/;
  function fold(text) {
    if (ASCII.test(text)) return text;  // most words: nothing to fold
    var kept = [];
    Array.from(text.normalize("NFKD")).forEach(function (ch) {
      if (COMBINING.test(ch) && kept.length && LATIN.test(kept[kept.length - 1])) return;
      kept.push(ch);
    });
    return Array.from(kept.join("").normalize("NFC")).map(function (ch) { return rules.fold[ch] || ch; }).join("");
  }

  function analyse(text, meta) {
    // Cut, then lower-cased, as Whoosh does: "İ" lower-cased is "i" and a combining dot, which would cut a word.
    var words = (text.match(/[\p{L}\p{N}_]+(?:\.?[\p{L}\p{N}_]+)*/gu) || []).map(function (w) { return w.toLowerCase(); });
    return words.filter(function (w) { return w.length >= meta.minsize && meta.stop.indexOf(w) < 0; }).map(fold);
  }

  // The search keys of newsarchive.entities.variants: a word's variant key, a short key with
  // the word's first letters too; a word each (a hyphenated word has one for each part).
  function transliterate(word) {
    return Array.from(word).map(function (ch) {
      var code = ch.codePointAt(0);
      for (var i = 0; i < rules.variants.transliteration.length; i++) {
        var block = rules.variants.transliteration[i];
        if (code >= block[0] && code < block[0] + block[1].length) return block[1][code - block[0]];
      }
      return ch;
    }).join("");
  }

  var possessive = null, glide = null;
  function wordKey(word) {
    var v = rules.variants;
    possessive = possessive || new RegExp(v.possessive);
    glide = glide || new RegExp(v.glide);
    var text = transliterate(word.replace(possessive, "")).toLowerCase().replace(/[^a-z]/g, "");
    if (!text) return "";
    var endsInVowel = v.vowels.indexOf(text[text.length - 1]) >= 0;
    v.digraphs.forEach(function (pair) { text = text.split(pair[0]).join(pair[1]); });
    text = text.replace(/[a-z]/g, function (c) { return v.letters[c] || c; });
    var consonants = text.split("").filter(function (c) { return v.vowels.indexOf(c) < 0; });
    var key = consonants.filter(function (c, i) { return i === 0 || c !== consonants[i - 1]; }).join("") + (endsInVowel ? "V" : "");
    if (text.length < v.minLetters) return "";
    if (key.replace(/V/g, "").length >= v.short) return key;
    return text.replace(glide, "").slice(0, 2).replace(/./g, function (c) { return v.firstLetters[c] || c; }) + "_" + key;
  }

  var keysOf = new Map();  // word -> its search keys: a page's snippets meet the same words again and again
  var wordBreak = null;
  function searchKeys(name) {
    if (!keysOf.has(name)) {
      wordBreak = wordBreak || new RegExp(rules.variants.wordBreak, "u");
      keysOf.set(name, name.split(wordBreak).map(wordKey).filter(Boolean));
    }
    return keysOf.get(name);
  }

  // entities.cyrillic.dictionary_forms: a Cyrillic word and the dictionary forms it may be a case of
  // (Зеленського: Зеленський; Бахмута: Бахмут, Бахмута), most likely first.
  var adjectiveStem = null;
  function dictionaryForms(word) {
    var c = rules.variants.cyrillic;
    adjectiveStem = adjectiveStem || new RegExp(c.adjectiveStem);
    var forms = [word];
    var lowered = word.toLowerCase();
    var ending = c.adjectiveEndings.find(function (e) {
      var base = word.slice(0, word.length - e.length);
      return lowered.endsWith(e) && base.length >= c.minStem && adjectiveStem.test(base.toLowerCase());
    });
    if (ending) forms.push(word.slice(0, word.length - ending.length) + "ий");
    ending = c.nounEndings.find(function (e) {
      var base = word.slice(0, word.length - e.length);
      return lowered.endsWith(e) && base.length >= c.minStem && c.vowels.indexOf(base[base.length - 1].toLowerCase()) < 0;
    });
    if (ending) forms.push(word.slice(0, word.length - ending.length), word.slice(0, word.length - ending.length) + "а");
    return forms.filter(function (form, i) { return forms.indexOf(form) === i; });
  }

  // entities.variants.inflected_keys: the search keys of a word as the text has it (a hyphenated
  // word's parts' and their compound key), a declined Cyrillic word's its dictionary forms' too.
  var cyrillicLetter = null;
  function inflectedKeys(word) {
    cyrillicLetter = cyrillicLetter || new RegExp(rules.variants.cyrillic.letters);
    var keys = new Set();
    (cyrillicLetter.test(word) ? dictionaryForms(word) : [word]).forEach(function (form) {
      var parts = searchKeys(form);
      parts.forEach(function (k) { keys.add(k); });
      if (parts.length > 1) keys.add(parts.join(rules.variants.compound));
    });
    return Array.from(keys);
  }

  // The analysis, open to a test that compares it with Python's word for word (tests/search/test_analysis.py).
  window.newsarchiveAnalysis = {
    fold: fold, analyse: analyse, searchKeys: searchKeys, inflectedKeys: inflectedKeys, facetFileNumber: facetFileNumber,
    inFirstPageFilter: inFirstPageFilter,
    queryTree: function (query, meta) { try { return queryTree(query, meta); } catch (error) { return { error: error.message }; } },
  };

  // ---- the query: words ANDed, "phrases", prefix*, person:, place:, source:, tag:, year:, date:, and
  // NOT, AND, OR, ANDNOT, ANDMAYBE and ( ), as newsarchive.search.query reads them (query_tree).

  var QUERY_TOKEN = /(\w+):("[^"]*"|[^\s()]+)|"([^"]*)"|([()])|([^\s()]+)/g;
  var OPERATORS = ["NOT", "AND", "OR", "ANDNOT", "ANDMAYBE"];
  var FILTERS = ["person", "place", "source", "tag", "year", "date"];

  // A query the language cannot read (an unknown filter, a date that is none): said as it is, not as a failure.
  function QueryError(message) { this.message = message; }
  QueryError.prototype = Object.create(Error.prototype);

  // The query's words, phrases and filters, in order (no operator, no parenthesis).
  function parse(query) {
    return tokens(query).filter(function (t) { return !t.operator && !t.parenthesis; });
  }

  function tokens(query) {
    var found = [];
    var re = new RegExp(QUERY_TOKEN.source, "g");
    var m;
    while ((m = re.exec(query))) {
      if (m[1]) {
        var field = m[1].toLowerCase();
        if (FILTERS.indexOf(field) < 0) throw new QueryError(field + ":" + m[2] + ": no such filter (use " + FILTERS.map(function (f) { return f + ":"; }).join(", ") + ")");
        found.push({ field: field, value: m[2].replace(/"/g, "") });
      } else if (m[3] !== undefined) found.push({ phrase: m[3] });
      else if (m[4]) found.push({ parenthesis: m[4] });
      else if (OPERATORS.indexOf(m[5]) >= 0) found.push({ operator: m[5] });
      else { var word = asWord(m[5]); if (word) found.push({ word: word }); }
    }
    return found;
  }

  // A query's word as the language reads it: "?" is punctuation ("Trump?" is Trump), "*" a wildcard for
  // any letters (Rus*, Zaporizh*ya), with two letters at least before it. query._as_word's rule.
  function asWord(word) {
    word = word.replace(/\?/g, "");
    if (isWildcard(word) && Array.from(word.split("*")[0]).length < 2) throw new QueryError(word + ": a wildcard needs two letters before it (Zaporizh*ya)");
    return word;
  }

  // Whether a word has a wildcard before its end (Zaporizh*ya; Rus* is a prefix).
  function isWildcard(word) { return /\*[^*]/.test(word.replace(/\?/g, "")); }

  // A wildcard word as Whoosh matches it: the whole of a word, lower-cased and folded as words are indexed.
  function wildcardPattern(word, whole) {
    var parts = fold(word.toLowerCase()).split("*").map(function (part) { return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    return new RegExp("^" + parts.join(".*") + (whole ? "$" : ""), "u");
  }

  // The query (not its date: filters) as a tree, grouped as Whoosh's parser groups it: NOT takes the
  // node after it, then each other operator joins its neighbours, left to right, and what is left side
  // by side is ANDed; a word or phrase the analysis drops is left out. query.query_tree's rule.
  function queryTree(query, meta, typing) {
    var stack = [[]];
    var found = tokens(query);
    var words = found.filter(function (t) { return t.word !== undefined; });
    // A word still being typed (the last, with nothing after it): not part of the tree's shape.
    if (typing && words.length) Object.defineProperty(words[words.length - 1], "last", { value: true });
    found.forEach(function (t) {
      var nodes = stack[stack.length - 1];
      if (t.parenthesis === "(") { var group = []; nodes.push({ group: group }); stack.push(group); }
      else if (t.parenthesis === ")") { if (stack.length > 1) stack.pop(); }
      else if (t.field !== "date") nodes.push(t);
    });
    return kept(grouped(stack[0]), meta);
  }

  function grouped(nodes) {
    nodes = nodes.map(function (n) { return n.group ? grouped(n.group) : n; });
    for (var at = nodes.length - 1; at >= 0; at--) {
      if (nodes[at].operator !== "NOT") continue;
      if (at + 1 < nodes.length && !nodes[at + 1].operator) nodes.splice(at, 2, { not: nodes[at + 1] });
      else nodes.splice(at, 1);
    }
    OPERATORS.slice(1).forEach(function (operator) {
      var at = 0;
      while (at < nodes.length) {
        if (nodes[at].operator !== operator) at++;
        else if (at > 0 && at < nodes.length - 1 && !nodes[at - 1].operator && !nodes[at + 1].operator) {
          var joined = {};
          joined[operator.toLowerCase()] = [nodes[at - 1], nodes[at + 1]];
          nodes.splice(at - 1, 3, joined);
        } else nodes.splice(at, 1);  // with nothing to join on one side
      }
    });
    return { and: nodes.filter(function (n) { return !n.operator; }) };
  }

  // The query without its filters and wildcard words, as read by ``tokens``: its words, whose spellings a snippet marks.
  function withoutFilters(query) {
    return query.replace(new RegExp(QUERY_TOKEN.source, "g"), function (token, field, value, phrase, parenthesis, word) {
      return field || (word && isWildcard(word)) ? " " : token;
    });
  }

  // The query's prefixes, as what a snippet marks: Rus*, and the word still being typed, which matches as a prefix.
  function prefixes(query, meta, live) {
    var words = tokens(query).filter(function (t) { return t.word !== undefined; });
    var typing = live && !/\s$/.test(query) && words.length ? words[words.length - 1] : null;  // (as queryTree's)
    return words.filter(function (t) { return !isWildcard(t.word) && (/\*$/.test(t.word) || t === typing); }).map(function (t) {
      return analyse(t.word.replace(/\*$/, ""), meta)[0];
    }).filter(Boolean);
  }

  // The query's wildcard words, as what a snippet marks: a word that begins as one of them matches.
  function wildcards(query) {
    return tokens(query).filter(function (t) { return t.word !== undefined && isWildcard(t.word); }).map(function (t) { return wildcardPattern(t.word, false); });
  }

  function kept(node, meta) {
    if (node.word !== undefined) return isWildcard(node.word) || analyse(node.word.replace(/\*$/, ""), meta).length ? node : null;
    if (node.phrase !== undefined) return analyse(node.phrase, meta).length ? node : null;
    if (node.not) {
      var inner = kept(node.not, meta);
      return inner && inner.not ? inner.not : inner ? { not: inner } : null;
    }
    var pair = node.andnot ? "andnot" : node.andmaybe ? "andmaybe" : null;
    if (pair) {
      var first = kept(node[pair][0], meta);
      var second = kept(node[pair][1], meta);
      var both = {};
      both[pair] = [first, second];
      return first && second ? both : first;
    }
    var kind = node.and ? "and" : node.or ? "or" : null;
    if (kind) {
      var parts = [];
      node[kind].map(function (n) { return kept(n, meta); }).filter(Boolean).forEach(function (p) {
        parts = parts.concat(p[kind] || [p]);
      });
      var merged = {};
      merged[kind] = parts;
      return !parts.length ? null : parts.length === 1 ? parts[0] : merged;
    }
    return node;  // a filter
  }

  function hex(text) {
    return Array.from(new TextEncoder().encode(text)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  // Terms are grouped by their first two characters, or more where a group is large: a
  // split group's file keeps its exact terms and names its children ("_children"), and
  // meta.json lists the split groups (``split``), so a term's file is known without walking down.
  function shardOf(folder, term) {
    var chars = Array.from(term);
    var n = Math.min(2, chars.length);
    while (chars.length > n && split[folder].has(chars.slice(0, n).join(""))) n++;
    return fetchJSON(folder + "/" + hex(chars.slice(0, n).join("")) + ".json");
  }

  // A term's entry as the search sees it: its file's, brought up to date by the articles added,
  // changed or removed since the term files were written (meta.json's "recent": their numbers are
  // stale in the files, their postings now and each changed term's document frequency are in it).
  function current(field, term, entry) {
    var fresh = recent && recent.terms[field] && recent.terms[field][term];
    var old = entry ? absoluteNumbers(entry[1]) : [];
    if (!fresh) return entry ? [entry[0], old] : null;
    var flat = [];
    for (var i = 0; i < old.length; i += 2) if (!stale.has(old[i])) flat.push(old[i], old[i + 1]);
    flat = flat.concat(absoluteNumbers(fresh[1]));
    return flat.length ? [fresh[0], flat] : null;
  }

  // A flat list of postings [number, value, ...] as the files hold it, numbers delta-coded (the first,
  // then each one's difference from the one before), with its numbers whole.
  function absoluteNumbers(coded) {
    var flat = coded.slice();
    for (var i = 2; i < flat.length; i += 2) flat[i] += flat[i - 2];
    return flat;
  }

  function postings(field, term) {
    return shardOf("terms", term).then(function (shard) {
      return current(field, term, shard && shard[field] && shard[field][term]);
    });
  }

  // Every shard a prefix's terms can be in: the one holding the prefix, and all below it.
  function shardsForPrefix(prefix) {
    function below(shard) {
      if (!shard || !shard._children) return Promise.resolve([shard]);
      return Promise.all(shard._children.map(function (c) { return fetchJSON("terms/" + c + ".json").then(below); }))
        .then(function (lists) { return [shard].concat.apply([shard], lists); });
    }
    return shardOf("terms", prefix).then(function (shard) {
      // The shard found may stand above the prefix (a group not split): then it alone holds it.
      return shard && shard._children && Array.from(prefix).length >= 2 ? below(shard) : [shard];
    });
  }

  // The postings of every word that begins with ``prefix`` (and matches ``pattern``, a wildcard's, if given).
  function prefixPostings(field, prefix, pattern) {
    function wanted(t) { return t.indexOf(prefix) === 0 && (!pattern || pattern.test(t)); }
    return shardsForPrefix(prefix).then(function (shards) {
      var found = {};
      shards.forEach(function (shard) {
        var terms = (shard && shard[field]) || {};
        Object.keys(terms).forEach(function (t) { if (wanted(t)) found[t] = terms[t]; });
      });
      Object.keys((recent && recent.terms[field]) || {}).forEach(function (t) { if (wanted(t) && !(t in found)) found[t] = null; });
      return Object.keys(found).map(function (t) { return current(field, t, found[t]); }).filter(Boolean);
    });
  }

  // A scored set: {doc: score}. idf as Whoosh's: log(N / (df + 1)) + 1.
  function termScores(entry, meta) {
    var scores = {};
    if (!entry) return scores;
    var idf = Math.log(meta.documents / (entry[0] + 1)) + 1;
    for (var i = 0; i < entry[1].length; i += 2) scores[entry[1][i]] = entry[1][i + 1] * idf;
    return scores;
  }

  function or(sets) {
    var out = {};
    sets.forEach(function (s) { Object.keys(s).forEach(function (d) { out[d] = (out[d] || 0) + s[d]; }); });
    return out;
  }

  function and(sets) {
    if (!sets.length) return {};
    var out = {};
    Object.keys(sets[0]).forEach(function (d) {
      if (sets.every(function (s) { return d in s; })) out[d] = sets.reduce(function (sum, s) { return sum + s[d]; }, 0);
    });
    return out;
  }

  function wordGroup(word, meta, isLastTyped) {
    if (isWildcard(word)) {
      // The OR of the words it stands for, each scored as itself (as invoke search spells it out).
      var pattern = wildcardPattern(word, true);
      var before = fold(word.toLowerCase()).split("*")[0];
      return Promise.all(meta.fields.map(function (f) {
        return prefixPostings(f, before, pattern).then(function (found) { return or(found.map(function (e) { return termScores(e, meta); })); });
      })).then(or);
    }
    var prefix = /\*$/.test(word) || isLastTyped;
    var bare = word.replace(/\*$/, "");
    var terms = analyse(bare, meta);
    if (!terms.length) return Promise.resolve(null);
    var keys = searchKeys(bare);
    var parts;
    if (keys.length > 1 && !prefix) {
      // A hyphenated name (Kilroy-Silk): its parts side by side, and its spellings by their compound key.
      parts = [phraseGroup(bare, meta)];
    } else {
      parts = meta.fields.map(function (f) {
        // A prefix is the OR of the words it stands for, each scored as itself (as invoke search spells it out).
        return prefix
          ? prefixPostings(f, terms[0]).then(function (found) { return or(found.map(function (e) { return termScores(e, meta); })); })
          : postings(f, terms[0]).then(function (e) { return termScores(e, meta); });
      });
    }
    // A word still being typed matches as a prefix, and any spelling of it as a whole word; a word the
    // archive does not write as a name (issues, team) matches only itself (a hyphenated word's parts are a name's).
    if (keys.length && (!prefix || isLastTyped)) {
      var spellings = function () { return keyGroup("variants", [keys.join(rules.variants.compound)], meta); };
      // (A word typed capitalised is most likely a name: its spellings' file is asked for beside its own; one
      // typed in lower case, once its own file says it is a name. The same results, a request less for most words.)
      var named = writtenAsName(terms[0], meta);
      parts.push(keys.length > 1 ? spellings() : /^\p{Lu}/u.test(bare) ? Promise.all([spellings(), named]).then(function (got) {
        return got[1] ? got[0] : {};
      }) : named.then(function (isName) { return isName ? spellings() : {}; }));
    }
    return Promise.all(parts).then(or);
  }

  // format.written_as_name: whether a word (as analysed) finds other spellings of itself by its search key,
  // by how many articles write it as a name (name_words) against how many have it in their text (body).
  function writtenAsName(term, meta) {
    return Promise.all([postings("name_words", term), postings("body", term)]).then(function (got) {
      return !got[1] || (got[0] ? got[0][0] : 0) >= meta.nameShare * got[1][0];
    });
  }

  // Articles with every one of the keys in a field (scored as their sum).
  function keyGroup(field, keys, meta) {
    return Promise.all(keys.map(function (k) { return postings(field, k).then(function (e) { return termScores(e, meta); }); })).then(and);
  }

  // Where a term stands in each document of a field: {doc: [positions]}, for phrases.
  var positionCache = {};
  function positionsOf(field, term) {
    var key = field + " " + term;
    if (!positionCache[key]) {
      positionCache[key] = shardOf("positions", term).then(function (shard) {
        var flat = absoluteNumbers((shard && shard[field] && shard[field][term]) || []);
        var fresh = recent && recent.positions[field] && recent.positions[field][term];
        if (fresh) fresh = absoluteNumbers(fresh);
        var byDoc = {};
        for (var i = 0; i < flat.length; i += 2) if (!fresh || !stale.has(flat[i])) byDoc[flat[i]] = undelta(flat[i + 1]);
        for (var j = 0; fresh && j < fresh.length; j += 2) byDoc[fresh[j]] = undelta(fresh[j + 1]);
        return byDoc;
      });
    }
    return positionCache[key];
  }

  // A phrase, as Whoosh matches it in each field: its words side by side, in order (stop
  // words dropped, as they are from the positions); scored as the sum of its words.
  function phraseGroup(text, meta) {
    var words = analyse(text, meta);
    if (!words.length) return Promise.resolve(null);
    // The words' positions files are asked for with their term files, not once their postings show articles
    // with every word: a phrase's words nearly always have some, and that round trip was a fifth of its time.
    // (A file that fails is the error of the query that reads it, not of this early request.)
    if (words.length > 1) words.forEach(function (w) { shardOf("positions", w).catch(function () {}); });
    return Promise.all(meta.fields.map(function (f) {
      return Promise.all(words.map(function (w) { return postings(f, w); })).then(function (entries) {
        if (entries.some(function (e) { return !e; })) return {};
        var scores = and(entries.map(function (e) { return termScores(e, meta); }));
        if (words.length === 1 || !Object.keys(scores).length) return scores;
        return Promise.all(words.map(function (w) { return positionsOf(f, w); })).then(function (maps) {
          var kept = {};
          Object.keys(scores).forEach(function (d) {
            var side = function (p) { return maps.every(function (m, i) { return (m[d] || []).indexOf(p + i) >= 0; }); };
            if ((maps[0][d] || []).some(side)) kept[d] = scores[d];
          });
          return kept;
        });
      });
    })).then(or);
  }

  function fieldGroup(field, value, meta) {
    if (field === "person" || field === "place") {
      return keyGroup(field + "_keys", searchKeys(value), meta);
    }
    if (field === "source" || field === "tag") {
      var name = field === "tag" ? "tags" : "source";
      return postings(name, value.toLowerCase()).then(function (e) { return termScores(e, meta); });
    }
    if (field === "year") return postings("year", value).then(function (e) { return termScores(e, meta); });
    return Promise.resolve(null);
  }

  function run(query, meta, live) {
    var tree = queryTree(query, meta, live && !/\s$/.test(query));
    return (tree ? evaluate(tree, meta) : Promise.resolve({})).then(function (scores) { return { scores: scores }; });
  }

  // A node's articles, scored as query.IndexSearcher._scores scores them: AND and OR add their parts'
  // scores; NOT is every other article, scored 0; ANDNOT keeps the first's without the second's;
  // ANDMAYBE the first's, the second's score added where it has one.
  function evaluate(node, meta) {
    var parts = function (list) { return Promise.all(list.map(function (n) { return evaluate(n, meta); })); };
    if (node.word !== undefined) return wordGroup(node.word, meta, node.last).then(function (s) { return s || {}; });
    if (node.phrase !== undefined) return phraseGroup(node.phrase, meta).then(function (s) { return s || {}; });
    if (node.field) return fieldGroup(node.field, node.value, meta).then(function (s) { return s || {}; });
    if (node.and) return parts(node.and).then(and);
    if (node.or) return parts(node.or).then(or);
    if (node.not) {
      return evaluate(node.not, meta).then(function (excluded) {
        var others = {};
        Object.keys(newest).forEach(function (d) { if (!(d in excluded)) others[d] = 0; });
        return others;
      });
    }
    return parts(node.andnot || node.andmaybe).then(function (both) {
      var out = {};
      Object.keys(both[0]).forEach(function (d) {
        if (node.andmaybe) out[d] = both[0][d] + (both[1][d] || 0);
        else if (!(d in both[1])) out[d] = both[0][d];
      });
      return out;
    });
  }

  // ---- date: filters, as newsarchive.search.query reads them: 2025, 2025-08, 2025-08-06, FROM..TO

  function dayNumber(y, m, d) { return Math.round(Date.UTC(y, m - 1, d) / 86400000); }

  // The first and last day a part of a date: filter means; what is wrong with it, worded as newsarchive.periods words it.
  function dayRange(part) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(part);
    if (!m) throw "not a date (use 2025, 2025-08, 2025-08-06 or 2025-08-01..2025-08-31)";
    var y = +m[1];
    if (m[2] && (+m[2] < 1 || +m[2] > 12)) throw "no such day";
    if (m[3]) {
      var one = dayNumber(y, +m[2], +m[3]);
      if (new Date(one * 86400000).getUTCDate() !== +m[3]) throw "no such day";
      return [one, one];
    }
    if (m[2]) return [dayNumber(y, +m[2], 1), dayNumber(y, +m[2] + 1, 1) - 1];
    return [dayNumber(y, 1, 1), dayNumber(y + 1, 1, 1) - 1];
  }

  function dateRanges(query) {
    return parse(query).filter(function (g) { return g.field === "date"; }).map(function (g) {
      var at = g.value.indexOf("..");
      try {
        var first = dayRange(at < 0 ? g.value : g.value.slice(0, at));
        var last = dayRange(at < 0 ? g.value : g.value.slice(at + 2) || g.value.slice(0, at));
        if (first[0] > last[1]) throw "the range ends before it starts";
      } catch (problem) {
        if (typeof problem !== "string") throw problem;  // (a fault of this script, not of the query)
        throw new QueryError("date:" + g.value + ": " + problem);
      }
      return [first[0], last[1]];
    });
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  // A date as the site's pages show it: 6 August 2025.
  function shownDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? +m[3] + " " + MONTHS[+m[2] - 1] + " " + m[1] : iso;
  }

  // ---- documents, facets and the page

  // What a result shows: title, date, source, URL, people, places; one small file a document, but for
  // those of a name's first page (``firstPageOf``), whose text is their snippet already (``cut``).
  function docsFor(ids, firstPage) {
    return firstPage.then(function (rows) {
      var cut = {};
      (rows || []).forEach(function (row) { cut[row[0]] = row.slice(1); });
      return Promise.all(ids.map(function (id) { return cut[id] || fetchJSON("doc/" + id + ".json"); })).then(function (docs) {
        var byId = {};
        ids.forEach(function (id, i) { byId[id] = docs[i]; });
        return { byId: byId, cut: cut };
      });
    });
  }

  // A query for a name in meta.json's page.firstPages articles or more (a word written as a name, a person's
  // or place's name, a hyphenated name, or a person: or place: filter of one: Witkoff, Donald Trump, Rose-Lynn,
  // person:Putin; the key of a hyphenated one its parts joined by "-", rose-lynn), ranked by
  // relevance: its first page of results in one file (top/<hex key>.json, written by the export as `invoke
  // search` ranks and cuts them), asked for beside the query's term files when meta.json's filter holds its
  // key. A result it lacks (the archive changed since) is read from its own file; null: no such file.
  function firstPageOf(query, meta) {
    var words = [];
    var filter = "";  // or person:, place: (a query of that filter alone)
    // The typed word asks what its key does: the same words as analysed, and the same spellings (O’Brien is
    // not brien: its key is ob_brn).
    var askedAs = function (word, key) { return searchKeys(word).join(" ") === searchKeys(key).join(" "); };
    var asWords = function (text) {
      return text.split(/\s+/).filter(Boolean).every(function (word) {
        if (/\*/.test(word) || searchKeys(word).length > 1) return false;
        var terms = analyse(word, meta);
        words = words.concat(terms);
        return terms.length === 1 && askedAs(word, terms[0]);
      });
    };
    try {
      var found = tokens(query);
      var named = found.length === 1 && (found[0].field === "person" || found[0].field === "place");
      if (named) filter = found[0].field + ":";
      var plain = named ? asWords(found[0].value) : found.every(function (t) { return t.word !== undefined && asWords(t.word); });
      var one = !named && found.length === 1 ? found[0].word || "" : "";
      if (/-/.test(one) && !/\*/.test(one)) {  // one hyphenated name (Rose-Lynn): its parts as analysed, each kept
        var parts = analyse(one, meta);
        words = [parts.join("-")];
        plain = parts.length === one.split("-").length && askedAs(one, words[0]);
      }
    } catch (error) {
      return Promise.resolve(null);  // (the query cannot be read: the search says why)
    }
    var key = words.length ? filter + words.join(" ") : "";
    if (!plain || !key || !meta.page.firstPages || !inFirstPageFilter(key, meta)) return Promise.resolve(null);
    return fetchJSON("top/" + hex(key) + ".json").catch(function () { return null; });  // (its results' own files will do)
  }

  // Whether meta.json's filter of first pages holds a key: newsarchive.search.format.in_first_page_filter.
  var filterBits = null;
  function inFirstPageFilter(key, meta) {
    if (!meta.firstPageFilter) return false;
    if (!filterBits || filterBits.encoded !== meta.firstPageFilter) filterBits = { encoded: meta.firstPageFilter, bytes: atob(meta.firstPageFilter) };
    var size = filterBits.bytes.length * 8;
    var data = Array.from(new TextEncoder().encode(key));
    var first = crc32(data);
    var second = (crc32(data.concat([1])) | 1) >>> 0;
    for (var n = 0; n < meta.firstPageHashes; n++) {
      var place = (first + n * second) % size;
      if (!(filterBits.bytes.charCodeAt(place >> 3) >> (place & 7) & 1)) return false;
    }
    return true;
  }

  // Which of a kind's facet files holds a name: the CRC-32 of its UTF-8 bytes (zlib's), modulo
  // how many there are, as newsarchive.search.format.facet_file_number computes it.
  function facetFileNumber(name, files) {
    return crc32(new TextEncoder().encode(name)) % files;
  }

  // zlib's CRC-32 of some bytes, unsigned.
  var crcTable = null;
  function crc32(bytes) {
    if (!crcTable) {
      crcTable = [];
      for (var n = 0; n < 256; n++) {
        var c = n;
        for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        crcTable.push(c >>> 0);
      }
    }
    var crc = 0xffffffff;
    bytes.forEach(function (b) { crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8); });
    return (crc ^ 0xffffffff) >>> 0;
  }

  // The articles naming a person or place under any spelling, by the entity's name: from the
  // file of the most-named ones (one request for most of a page's names), else from the file
  // it shares with a few other names.
  function facetValue(kind, name) {
    var key = name.toLowerCase();
    var has = function (o) { return o && Object.prototype.hasOwnProperty.call(o, key); };
    return fetchJSON("facets/" + kind + "/common.json").then(function (common) {
      if (has(common)) return common[key];
      return fetchJSON("facets/" + kind + "/" + facetFileNumber(key, layout.facetFileCount[kind]) + ".json").then(function (file) {
        return has(file) ? file[key] : null;
      });
    }).then(function (list) {
      return new Set(undelta(list || []));
    });
  }

  // The articles a facet filter keeps: {source, year} from facets.json's columns, person and place from their files.
  function filterSet(kind, value) {
    if (kind === "person" || kind === "place") return facetValue(kind, value);
    return fetchJSON("facets.json").then(function (facets) {
      var wanted = facets[kind].indexOf(value);
      var column = facets["by_" + kind];
      var kept = new Set();
      for (var i = 0; i < column.length; i++) if (column[i] === wanted) kept.add(i);
      return kept;
    });
  }

  // Counts of every source and year over all matches; of people and places, the ones named most
  // in the results shown (as many a kind as the page offers, and those the query asks for), each
  // counted over all matches. The most-named are read from one file a kind (common.json); of the
  // others, only the first few (meta.json's facetFiles) have their own file fetched: a request each.
  function facetsFor(ids, shown, docs, filters, query) {
    // The names the query asks for (person:, place:, or a word): their entities are always offered.
    var asked = parse(query || "").filter(function (g) { return g.word || g.field === "person" || g.field === "place"; })
      .map(function (g) { return searchKeys((g.word || g.value).replace(/\*$/, "")).join(" "); }).filter(Boolean);
    var all = new Set(ids);
    var commons = Promise.all(Object.keys(layout.facets).map(function (kind) { return fetchJSON("facets/" + kind + "/common.json"); }));
    return Promise.all([fetchJSON("facets.json"), commons]).then(function (got) {
      var facets = got[0];
      var common = {};
      Object.keys(layout.facets).forEach(function (kind, i) { common[kind] = got[1][i] || {}; });
      var counts = { source: {}, year: {}, person: {}, place: {} };
      ids.forEach(function (id) {
        ["source", "year"].forEach(function (kind) {
          var name = facets[kind][facets["by_" + kind][id]];
          if (name !== undefined) counts[kind][name] = (counts[kind][name] || 0) + 1;
        });
      });
      var pending = Object.keys(layout.facets).map(function (name) { return [name, layout.facets[name]]; }).map(function (kind) {
        var seen = {};
        var order = [];
        var entityOf = (facets.entities || {})[kind[0]] || {};
        ids.slice(0, shown).forEach(function (id) {
          ((docs[id] || [])[kind[1]] || []).forEach(function (spelling) {
            // Every spelling of one person or place counts for its entity (as the entity pages do).
            var name = Object.prototype.hasOwnProperty.call(entityOf, spelling) ? entityOf[spelling] : spelling;
            if (!(name in seen)) { seen[name] = 0; order.push(name); }
            seen[name]++;
          });
        });
        var own = 0;  // names counted from their own file
        var candidates = order.sort(function (a, b) { return seen[b] - seen[a]; }).filter(function (name) {
          var free = Object.prototype.hasOwnProperty.call(common[kind[0]], name.toLowerCase());
          return free || own++ < layout.facetFiles;
        }).slice(0, layout.page.facets);
        order.forEach(function (name) {
          var keys = searchKeys(name);
          var named = asked.some(function (k) { return k.split(" ").every(function (w) { return keys.indexOf(w) >= 0; }); });
          if (named && candidates.indexOf(name) < 0) candidates.push(name);
        });
        if (filters[kind[0]] && candidates.indexOf(filters[kind[0]]) < 0) candidates.push(filters[kind[0]]);
        return Promise.all(candidates.map(function (name) {
          return facetValue(kind[0], name).then(function (set) {
            var n = 0;
            set.forEach(function (id) { if (all.has(id)) n++; });
            if (n) counts[kind[0]][name] = n;
          });
        }));
      });
      return Promise.all(pending).then(function () { return counts; });
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  // Whether a word of an article is one the query found, as `invoke search` marks it (query._Words):
  // a query word as the index has it (Zelensky’s is zelensky), a word a prefix (Rus*, or the word still
  // being typed) begins, or a capitalised word sharing a search key with one the archive writes as a name
  // (``names``, of ``words``; in any case it declines).
  function matcher(words, prefixes, patterns, names) {
    var keys = new Set();
    (names || words).forEach(function (w) { searchKeys(w).forEach(function (k) { keys.add(k); }); });
    var seen = new Map();
    return function (word) {
      if (!seen.has(word)) {
        var folded = fold(word).toLowerCase();
        var indexed = folded.split(/['’]/)[0];
        seen.set(word, words.indexOf(indexed) >= 0 || prefixes.some(function (p) { return folded.indexOf(p) === 0; }) ||
          patterns.some(function (p) { return p.test(folded); }) ||
          (keys.size > 0 && /^\p{Lu}/u.test(word) && inflectedKeys(word).some(function (k) { return keys.has(k); })));
      }
      return seen.get(word);
    };
  }

  // A word as a snippet marks it, as `invoke search` does (query._WORD): a hyphen parts words, as the index parts them.
  var SNIPPET_WORD = /[\p{L}\p{N}_'’]+/gu;

  function snippet(text, matches) {
    // Around the first word of the text that the query matches, in any spelling.
    var pattern = new RegExp(SNIPPET_WORD.source, "gu");
    var at = 0;
    var found;
    while ((found = pattern.exec(text))) { if (matches(found[0])) { at = found.index; break; } }
    var start = Math.max(0, at - 80);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;  // begin at a word
    var end = start + 240 < text.length ? text.indexOf(" ", start + 240) : -1;  // end at a word too
    if (end < 0) end = text.length;
    return marked((start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : ""), matches);
  }

  // A snippet's text, the words the query found marked (a name's first page brings its snippets cut so).
  function marked(shown, matches) {
    var node = el("p", { class: "snippet" }, []);
    var pattern = new RegExp(SNIPPET_WORD.source, "gu");
    var last = 0;
    var m;
    while ((m = pattern.exec(shown))) {
      if (matches(m[0])) {
        node.appendChild(document.createTextNode(shown.slice(last, m.index)));
        node.appendChild(el("mark", {}, [m[0]]));
        last = m.index + m[0].length;
      }
    }
    node.appendChild(document.createTextNode(shown.slice(last)));
    return node;
  }

  function Search(form) {
    this.form = form;
    this.input = form.querySelector("input[type=search]");
    this.status = document.getElementById("search-status");
    this.results = document.getElementById("search-results");
    this.facets = document.getElementById("search-facets");
    this.filters = {};
    this.sort = "relevance";  // or "newest", "oldest"
    this.shown = 0;  // results shown; 0: one page (meta.json's page.results)
    this.sortControl = document.getElementById("search-sort");
    this.timer = null;
    this.asked = 0;
    this.pushPending = false;  // a query that asked for a new history entry was overtaken before its results were drawn
  }

  Search.prototype.readAddress = function (params) {
    var self = this;
    this.input.value = params.get("q") || "";
    this.filters = {};
    ["person", "place", "source", "year"].forEach(function (f) { if (params.get(f)) self.filters[f] = params.get(f); });
    this.sort = ["newest", "oldest"].indexOf(params.get("sort")) >= 0 ? params.get("sort") : "relevance";
    this.shown = Math.max(0, parseInt(params.get("n"), 10) || 0);
    if (this.sortControl) this.sortControl.value = this.sort;
  };

  Search.prototype.start = function () {
    var self = this;
    // meta.json names the files every query needs: asked for as the page opens, it is here by the first query
    // (a failure shows then, in the status).
    meta().catch(function () {});
    this.readAddress(new URLSearchParams(location.search));
    if (this.sortControl) this.sortControl.addEventListener("change", function () {
      self.sort = self.sortControl.value;
      self.shown = 0;
      self.update(false, true);
    });
    this.input.addEventListener("input", function () {
      self.shown = 0;
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.update(true, false); }, 120);
    });
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(self.timer);  // the words typed are the query submitted
      self.shown = 0;
      self.update(false, true);
    });
    window.addEventListener("popstate", function () {
      self.readAddress(new URLSearchParams(location.search));
      self.update(false, false, true);
    });
    if (this.input.value || Object.keys(this.filters).length) this.update(false, false, true);
  };

  Search.prototype.url = function () {
    var p = new URLSearchParams();
    if (this.input.value.trim()) p.set("q", this.input.value.trim());
    var filters = this.filters;
    Object.keys(filters).sort().forEach(function (f) { p.set(f, filters[f]); });
    if (this.sort !== "relevance") p.set("sort", this.sort);
    if (this.shown) p.set("n", String(this.shown));
    var qs = p.toString();
    return location.pathname + (qs ? "?" + qs : "");
  };

  Search.prototype.update = function (live, push, fromHistory) {
    var self = this;
    var query = this.input.value;
    var filters = Object.assign({}, this.filters);
    var kinds = Object.keys(filters);
    // The address changes once the results are drawn, not before their files are asked for: a new
    // history entry has the browser ask for the page's icon again, a request that raced the query's own.
    // A query overtaken before then leaves its new entry to the one that overtook it.
    var address = this.url();
    push = !fromHistory && (push || this.pushPending);
    this.pushPending = push;
    var remembered = fromHistory;
    var remember = function () {  // once: a failure after the results are drawn (their facets) is not a second entry
      if (!remembered) history[push ? "pushState" : "replaceState"](null, "", address);
      remembered = true;
      self.pushPending = false;
    };
    var asked = ++this.asked;  // a later query wins over one still loading
    if (!query.trim() && !kinds.length) { this.show([], {}, []); remember(); return; }
    var sort = this.sort;
    meta().then(function (meta) {
      var ranges = dateRanges(query);
      var words = tokens(query).some(function (t) { return t.field !== "date"; });  // (an operator alone looks for words too)
      var kept = Promise.all(kinds.map(function (k) { return filterSet(k, filters[k]); }));
      var firstPage = sort === "relevance" && !kinds.length && !ranges.length && !live ? firstPageOf(query, meta) : Promise.resolve(null);
      var days = ranges.length ? fetchJSON("dates.json") : Promise.resolve(null);
      return Promise.all([words ? run(query, meta, live) : { scores: null }, kept, days]).then(function (got) {
        var scores = got[0].scores;
        var sets = got[1];
        var dates = got[2];
        // Filters narrow the matches; with no words, they alone choose (newest first): every article, for date: alone.
        var ids = scores ? Object.keys(scores).map(Number) : sets.length ? Array.from(sets[0]) : Object.keys(newest).map(Number);
        ids = ids.filter(function (id) { return sets.every(function (set) { return set.has(id); }); });
        if (dates) ids = ids.filter(function (id) { return ranges.every(function (r) { return dates[id] >= r[0] && dates[id] <= r[1]; }); });
        if (sort === "newest") ids.sort(function (a, b) { return newest[a] - newest[b]; });
        else if (sort === "oldest") ids.sort(function (a, b) { return newest[b] - newest[a]; });
        else ids.sort(function (a, b) { return (scores ? ranking(scores[b]) - ranking(scores[a]) : 0) || newest[a] - newest[b]; });
        var count = Math.max(self.shown, layout.page.results);
        var words = analyse(withoutFilters(query), meta);
        // (the words' term files are those the query read: no request more)
        var names = Promise.all(words.map(function (w) { return writtenAsName(w, meta); })).then(function (flags) {
          return words.filter(function (w, i) { return flags[i]; });
        });
        return Promise.all([docsFor(ids.slice(0, count), firstPage), names]).then(function (got) {
          var docs = got[0].byId;
          if (asked !== self.asked) return;
          // Results are drawn first; then the facets, named in the results shown (and counted over every match).
          self.show(ids, docs, words, count, wildcards(query), prefixes(query, meta, live), got[1], got[0].cut);
          remember();
          return facetsFor(ids, count, docs, filters, query).then(function (counts) {
            if (asked === self.asked) self.drawFacets(counts);
          });
        });
      });
    }).catch(function (error) {
      // A query the language cannot read says why; anything else is the search failing.
      self.status.textContent = error instanceof QueryError ? error.message : "Search is unavailable: " + error.message;
      if (asked === self.asked) remember();
    });
  };

  Search.prototype.show = function (ids, docs, words, count, patterns, prefixed, names, cut) {
    count = count || layout.page.results;
    var self = this;
    var matches = matcher(words || [], prefixed || [], patterns || [], names);
    this.results.textContent = "";
    this.facets.textContent = "";
    var q = this.input.value.trim();
    if (!ids.length) {
      this.status.textContent = q || Object.keys(this.filters).length ? "No results" + (q ? " for “" + q + "”" : "") + "." : "";
      if (q) this.suggest(q);
      return;
    }
    this.status.textContent = ids.length + " result" + (ids.length === 1 ? "" : "s") + (q ? " for “" + q + "”" : "") +
      (ids.length > count ? ", showing " + count : "") + ".";
    ids.slice(0, count).forEach(function (id) {
      var d = docs[id];
      if (!d) return;
      var item = el("li", {}, [
        el("h2", {}, [el("a", { href: siteRoot + d[layout.doc.url] }, [d[layout.doc.title]])]),
        el("p", { class: "dateline" }, [el("time", { datetime: d[layout.doc.date] }, [shownDate(d[layout.doc.date])]), " · " + d[layout.doc.source]]),
      ]);
      var text = d[layout.doc.text] || "";
      item.appendChild(cut && cut[id] ? marked(text, matches) : snippet(text, matches));
      self.results.appendChild(item);
    });
    if (ids.length > count) {
      // More on request; the address keeps how many are shown, so a reload or a shared link shows as many.
      var more = el("button", { type: "button", class: "more-results" }, ["More results (" + Math.min(layout.page.results, ids.length - count) + " of " + (ids.length - count) + " more)"]);
      more.addEventListener("click", function () {
        self.shown = count + layout.page.results;
        self.update(false, false);
      });
      this.results.appendChild(el("li", { class: "more" }, [more]));
    }
  };

  // Close names of people and places (as difflib's ratio: twice the matching characters over both lengths).
  function similarity(a, b) {
    a = a.toLowerCase(); b = b.toLowerCase();
    var table = [];
    for (var i = 0; i <= a.length; i++) { table.push([]); for (var j = 0; j <= b.length; j++) table[i].push(0); }
    for (i = 1; i <= a.length; i++) for (j = 1; j <= b.length; j++)
      table[i][j] = a[i - 1] === b[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
    return (2 * table[a.length][b.length]) / (a.length + b.length);
  }

  Search.prototype.suggest = function (query) {
    var self = this;
    var asked = query.split(/\s+/).filter(function (w) { return w.length > 2 && w.indexOf(":") < 0; });
    // Names and their words that begin with each word's letter (names/<letter>.json).
    Promise.all(asked.map(function (w) { return fetchJSON("names/" + hex(Array.from(w)[0].toLowerCase()) + ".json"); })).then(function (lists) {
      var close = [];
      asked.forEach(function (w, i) {
        (lists[i] || []).forEach(function (c) {
          if (c.toLowerCase() !== w.toLowerCase() && similarity(w, c) >= 0.75 && close.indexOf(c) < 0) close.push(c);
        });
      });
      if (!close.length) return;
      var line = el("p", { class: "suggestions" }, ["Did you mean: "]);
      close.slice(0, 3).forEach(function (name, i) {
        var link = el("a", { href: location.pathname + "?q=" + encodeURIComponent(name) }, [name]);
        link.addEventListener("click", function (e) { e.preventDefault(); self.input.value = name; self.shown = 0; self.update(false, true); });
        if (i) line.appendChild(document.createTextNode(", "));
        line.appendChild(link);
      });
      line.appendChild(document.createTextNode("?"));
      self.results.appendChild(el("li", {}, [line]));
    });
  };

  // Whether the query names this person or place (its entity is then offered even past the limit).
  Search.prototype.askedFor = function (kind, name) {
    if (kind !== "person" && kind !== "place") return false;
    var keys = searchKeys(name);
    var groups;
    try { groups = parse(this.input.value); } catch (error) { return false; }  // (the query shown could not be read)
    return groups.some(function (g) {
      var value = g.word || ((g.field === kind) && g.value);
      var asked = value ? searchKeys(value.replace(/\*$/, "")) : [];
      return asked.length && asked.every(function (w) { return keys.indexOf(w) >= 0; });
    });
  };

  Search.prototype.drawFacets = function (all) {
    var self = this;
    var kinds = [["person", 0, "People"], ["place", 0, "Places"], ["source", 0, "Sources"], ["year", 0, "Years"]];
    kinds.forEach(function (kind) {
      var counts = all[kind[0]];
      var names = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
      var offered = names.slice(0, layout.page.facets);
      names.forEach(function (name) { if (self.askedFor(kind[0], name) && offered.indexOf(name) < 0) offered.push(name); });
      names = offered;
      if (!names.length) return;
      var list = el("ul", {}, []);
      names.forEach(function (name) {
        var active = self.filters[kind[0]] === name;
        var button = el("button", { type: "button", "aria-pressed": active ? "true" : "false" }, [name + " (" + counts[name] + ")"]);
        button.addEventListener("click", function () {
          if (active) delete self.filters[kind[0]]; else self.filters[kind[0]] = name;
          self.shown = 0;  // a narrower list starts at its first page
          self.update(false, true);
        });
        list.appendChild(el("li", {}, [button]));
      });
      self.facets.appendChild(el("section", { "aria-label": kind[2] }, [el("h2", {}, [kind[2]]), list]));
    });
  };

  var form = document.getElementById("search-form");
  if (form) new Search(form).start();
})();
