// GraphiQL for /graphql, with the query explorer plugin. Loaded after React,
// ReactDOM, GraphiQL and the explorer plugin (all served by this API).
// A query and its variables can be shared in the URL (?q=&variables=); headers never are.
"use strict";

(function () {
  const WELCOME = `# The knowledge base's GraphQL API. Send your API key in the Headers tab:
#   {"Authorization": "Bearer kb_..."}
# (none is needed when the API runs in open mode, as \`make run\` does).
# Run a query with Ctrl-Enter. The explorer (compass icon) builds one for you.
# The explorer page, /explore, draws these answers as graphs.
{
  me { role name }
}
`;
  const parameters = new URLSearchParams(window.location.search);

  function remember(name, value) {
    if (value) parameters.set(name, value);
    else parameters.delete(name);
    history.replaceState(null, "", "?" + parameters.toString());
  }

  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });

  function Page() {
    const explorer = GraphiQLPluginExplorer.explorerPlugin();
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: WELCOME,
      query: parameters.get("q") || undefined,
      variables: parameters.get("variables") || undefined,
      onEditQuery: (query) => remember("q", query),
      onEditVariables: (variables) => remember("variables", variables),
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      inputValueDeprecation: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(Page));
})();
