// `@zcrmkit/auth/cli`: the exchange-grant command, for apps that wrap it. Not in the package's main
// entry, so that importing the token store does not pull a command-line program in with it.
export { runExchangeGrantCli, exchangeGrantCommand, USAGE, EXIT_OK, EXIT_EXCHANGE_FAILED, EXIT_USAGE, type CliIo, type ExchangeGrantHelp } from './exchange-grant-cli.js';
