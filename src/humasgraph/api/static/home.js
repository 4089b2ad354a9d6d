// Suggestions as you type on the home page: the GraphQL `search` field (typo-tolerant), its hits
// shown as links under the box. Without JavaScript the form still answers with a result list.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list) {
    return;
  }
  var base = input.dataset.baseIri;
  var kinds = JSON.parse(input.dataset.kinds);
  var QUERY = "query Suggest($q: String!) { search(q: $q, first: 8) { kind label node { " +
    "... on Person { id } ... on Agency { id } ... on Post { id } ... on Event { id } } } }";
  var timer = null;
  var asked = 0;

  function local(iri) {
    return iri.indexOf(base) === 0 ? "/id/" + iri.slice(base.length) : iri;
  }

  function show(hits) {
    list.replaceChildren();
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      var link = document.createElement("a");
      link.href = local(hit.node.id);
      link.textContent = hit.label;  // text, never HTML
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kinds[hit.kind.toLowerCase()] || hit.kind.toLowerCase();
      item.append(link, kind);
      list.append(item);
    });
    list.hidden = hits.length === 0;
    input.setAttribute("aria-expanded", String(hits.length > 0));
  }

  function suggest() {
    var q = input.value.trim();
    var mine = ++asked;
    if (q.length < 2) {
      show([]);
      return;
    }
    fetch(input.dataset.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ query: QUERY, variables: { q: q } }),
    }).then(function (response) {
      return response.json();
    }).then(function (body) {
      if (mine === asked && body.data) {  // an older answer arriving late is dropped
        show(body.data.search);
      }
    }).catch(function () {
      show([]);  // the form still works: Enter searches on the server
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && !list.hidden) {
      event.preventDefault();
      list.querySelector("a").focus();
    } else if (event.key === "Escape") {
      show([]);
    }
  });
  list.addEventListener("keydown", function (event) {
    var item = event.target.closest("li");
    if (!item) {
      return;
    }
    var next = event.key === "ArrowDown" ? item.nextElementSibling : event.key === "ArrowUp" ?
      item.previousElementSibling : null;
    if (next) {
      event.preventDefault();
      next.querySelector("a").focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      input.focus();
    }
  });
})();
