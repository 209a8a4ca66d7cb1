// Child process of a benchmark: sends one request over and over from a process of its own, so that the
// load generator's garbage and timers are not the benchmark process's (which holds a generated catalog).
// Argument: a LoadOrder as JSON. Prints the LoadResult as one JSON line.
import { Agent, request } from 'undici';
import { type LoadOrder, load } from './load.js';

const order = JSON.parse(process.argv[2] as string) as LoadOrder;
// undici's own request (not fetch, which builds a WHATWG Request and Response around it): the least a
// client costs per request on the cores it shares with the server.
const agent = new Agent({ connections: order.connections, pipelining: 1 });
const send = async () => {
  const res = await request(order.url, {
    method: order.method,
    headers: order.headers,
    ...(order.body === undefined ? {} : { body: order.body }),
    dispatcher: agent,
  });
  await res.body.arrayBuffer();
  return { status: res.statusCode };
};
if (order.warmUpSeconds)
  await load('warm-up', send, { connections: order.connections, seconds: order.warmUpSeconds });
console.log(JSON.stringify(await load(order.name, send, order)));
await agent.close();
