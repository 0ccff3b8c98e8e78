// The bench's peer: @neo4j/graphql on Apollo Server (standalone), over the same Neo4j
// and data as our API. Set up the way its documentation shows, nothing tuned by hand.
//
//   node server.mjs TYPEDEFS_FILE PORT
//
// The type definitions are generated from kb/domain/model.py (bench/peer/typedefs.py).
// Neo4j: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE from the environment.
// Prints "ready <url>" once it answers; stops on SIGTERM.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const [typeDefsFile, port] = process.argv.slice(2);
const env = process.env;
const driver = neo4j.driver(
  env.NEO4J_URI ?? "bolt://127.0.0.1:7687",
  neo4j.auth.basic(env.NEO4J_USER ?? "neo4j", env.NEO4J_PASSWORD ?? ""),
);
const database = env.NEO4J_DATABASE ?? "neo4j";
const neoSchema = new Neo4jGraphQL({ typeDefs: readFileSync(typeDefsFile, "utf8"), driver });
// The library's own check of the DBMS (version, the APOC functions it relies on).
await neoSchema.checkNeo4jCompat({ sessionConfig: { database } });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(port) },
  context: async ({ req }) => ({ req, sessionConfig: { database } }),
});
console.log(`ready ${url}`);

async function stop() {
  await server.stop();
  await driver.close();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
