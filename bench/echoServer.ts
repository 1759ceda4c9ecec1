// The baseline for the ingest budget: a bare Hono app that parses a JSON body and echoes it, nothing else.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono().post("/echo", async (c) => c.json(await c.req.json(), 201));
const port = Number(process.env.PORT ?? 3999);
serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => console.log(`echo listening on ${port}`));
