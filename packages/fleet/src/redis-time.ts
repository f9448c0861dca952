/** Lua: the Redis server's clock in epoch ms, so hosts with skewed clocks agree on leases and windows. */
export const LUA_NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;
