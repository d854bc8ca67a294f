// The co-editing benchmark's baseline: a bare `ws` server in a process of its own (as Veza's
// server is), broadcasting whatever its parent sends over IPC to every connected socket.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
server.once('listening', () => {
  process.send!({ port: (server.address() as { port: number }).port });
});
process.on('message', (message: string) => {
  for (const client of server.clients) client.send(message);
});
process.on('disconnect', () => process.exit(0));
