// A Verdaccio for tools/registry-check.mjs, run in a child process that the check forks with an IPC
// channel: it listens on a free loopback port, reports that port, and exits as soon as the channel
// closes — also when the check itself is killed — so no registry is ever left running.
//   argv[2]: the temp folder that holds the storage and the users file.
import path from 'node:path';
import { runServer } from 'verdaccio';

const dir = process.argv[2];
if (!dir || !process.send) {
  console.error('verdaccio-child: fork me from tools/registry-check.mjs with a temp folder');
  process.exit(2);
}
process.on('disconnect', () => process.exit(0));

const config = {
  self_path: path.join(dir, 'config.yaml'),
  storage: path.join(dir, 'storage'),
  auth: { htpasswd: { file: path.join(dir, 'htpasswd'), max_users: 10 } },
  // No uplinks: nothing is proxied; only what the check publishes can be installed from here.
  uplinks: {},
  packages: {
    '@zcrmkit/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
    '**': { access: '$all', publish: '$authenticated' },
  },
  web: { enable: false },
  log: { type: 'stdout', format: 'pretty', level: 'warn' },
  max_body_size: '50mb',
};

const server = await runServer(config);
server.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port });
});
