// GraphiQL, started from the vendored React and GraphiQL (static/vendor): the page gives its
// settings as data attributes of #graphiql, so the Content-Security-Policy needs no inline script.
// The query and variables live in the address (?q=…&variables=…), so a link can open GraphiQL with
// a given query. Not ?query=: a GET of /graphql with a query parameter runs it (GraphQL over HTTP).
// Request headers (a bearer token for the mutations) are not kept in localStorage: a token must
// not outlive the tab.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var params = new URLSearchParams(window.location.search);

  function remember(name, value) {
    if (value) {
      params.set(name, value);
    } else {
      params.delete(name);
    }
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  var fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });

  function App() {
    var initialQuery = params.get("q") || root.dataset.example;
    var query = React.useState(initialQuery);
    var variables = React.useState(params.get("variables") || undefined);
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      query: query[0],
      variables: variables[0],
      onEditQuery: function (text) { query[1](text); remember("q", text); },
      onEditVariables: function (text) { variables[1](text); remember("variables", text); },
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    });
  }

  ReactDOM.createRoot(root).render(React.createElement(App));
})();
