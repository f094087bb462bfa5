// Lua run inside Redis so that every queue command is one atomic step across all server processes:
// an admission is decided, recorded and counted exactly once. The algorithm mirrors memory-store.ts.
//
// Keys of one area share the hash tag `{prefix:area}` (KEYS[1] is that base), so in a Redis Cluster
// they live in one slot; ticket and owner keys are derived from the base inside the script.
//   cfg     HASH  settings (enabled, maxActiveUsers, admitPerMinute, sessionMs, opensAtMs)
//   seq     STRING monotonic join sequence (INCR)
//   admitted STRING admissions so far (INCR): each admission's number, proof of exactly-once
//   queue   ZSET  ticket id → join sequence (the FIFO line)
//   pre     ZSET  ticket id → join sequence (joined before opening; shuffled at opening)
//   hb      ZSET  waiting ticket id → last poll (ms)
//   act     ZSET  admitted session id → last request (ms)
//   ipc     HASH  ip → anonymous waiting tickets
//   bucket  HASH  token bucket (tokens, updatedAt)
//   rate    HASH  "<bucket>:a" admissions from the queue, "<bucket>:b" queue was non-empty
//   t:<id>  HASH  ticket record (owner, ip, seq, state = pre | queue | admitted)
//   o:<owner> STRING owner key → ticket id (one ticket per browser/account)
// Times come from the caller's clock (ARGV[1]) so tests can drive time; see redis-store.ts.

const PRELUDE = `
local base = KEYS[1]
local function key(name) return base .. ':' .. name end
local now = tonumber(ARGV[1])
local ticketTtl = tonumber(ARGV[2])
local burstMs = tonumber(ARGV[3])
local rateBucketMs = tonumber(ARGV[4])
local rateWindowMs = tonumber(ARGV[5])
local recordTtl = tonumber(ARGV[6])
local MAX_BATCH = 1000

local function loadSettings()
  local v = redis.call('HMGET', key('cfg'), 'enabled', 'maxActiveUsers', 'admitPerMinute', 'sessionMs', 'opensAtMs')
  if not v[1] then error('queue settings not initialised') end
  return { enabled = v[1] == '1', maxActiveUsers = tonumber(v[2]), admitPerMinute = tonumber(v[3]),
           sessionMs = tonumber(v[4]), opensAtMs = tonumber(v[5]) }
end

local function beforeOpening(s)
  return s.enabled and s.opensAtMs >= 0 and now < s.opensAtMs
end

local function needsOpening(s)
  return (not beforeOpening(s)) and redis.call('ZCARD', key('pre')) > 0
end

local function changeIpCount(ip, delta)
  if not ip or ip == '' then return end
  local n = redis.call('HINCRBY', key('ipc'), ip, delta)
  if n <= 0 then redis.call('HDEL', key('ipc'), ip) end
end

local function forget(id)
  local owner = redis.call('HGET', key('t:' .. id), 'owner')
  if owner and redis.call('GET', key('o:' .. owner)) == id then redis.call('DEL', key('o:' .. owner)) end
  redis.call('DEL', key('t:' .. id))
end

local function dropWaiting(id)
  local rec = redis.call('HMGET', key('t:' .. id), 'ip', 'state')
  redis.call('ZREM', key('queue'), id)
  redis.call('ZREM', key('pre'), id)
  redis.call('ZREM', key('hb'), id)
  if rec[2] == 'queue' or rec[2] == 'pre' then changeIpCount(rec[1], -1) end
  forget(id)
end

local function endSession(id)
  redis.call('ZREM', key('act'), id)
  forget(id)
end

local function admit(id)
  local ip = redis.call('HGET', key('t:' .. id), 'ip')
  redis.call('ZREM', key('queue'), id)
  redis.call('ZREM', key('hb'), id)
  changeIpCount(ip, -1)
  redis.call('HSET', key('t:' .. id), 'state', 'admitted', 'ip', '', 'admission', redis.call('INCR', key('admitted')))
  redis.call('ZADD', key('act'), now, id)
end

local function loadBucket(s)
  local capacity = math.max(1, s.admitPerMinute * burstMs / 60000)
  local v = redis.call('HMGET', key('bucket'), 'tokens', 'updatedAt')
  local tokens, updatedAt = tonumber(v[1]), tonumber(v[2])
  if not tokens then tokens, updatedAt = capacity, now end
  -- A caller whose clock lags must not refill or move time back.
  if now > updatedAt then
    tokens = math.min(capacity, tokens + (now - updatedAt) * s.admitPerMinute / 60000)
    updatedAt = now
  end
  return { tokens = math.min(tokens, capacity), updatedAt = updatedAt }
end

local function saveBucket(b)
  redis.call('HSET', key('bucket'), 'tokens', tostring(b.tokens), 'updatedAt', string.format('%d', b.updatedAt))
end

local function expire(s)
  local stale = redis.call('ZRANGEBYSCORE', key('hb'), '-inf', now - ticketTtl, 'LIMIT', 0, MAX_BATCH)
  for _, id in ipairs(stale) do dropWaiting(id) end
  local idle = redis.call('ZRANGEBYSCORE', key('act'), '-inf', now - s.sessionMs, 'LIMIT', 0, MAX_BATCH)
  for _, id in ipairs(idle) do endSession(id) end
end

local function advance(s)
  expire(s)
  if beforeOpening(s) then return end
  local queueLength = redis.call('ZCARD', key('queue'))
  if queueLength == 0 then return end
  local bucket = loadBucket(s)
  local rateIndex = string.format('%d', math.floor(now / rateBucketMs))
  if s.enabled then redis.call('HSET', key('rate'), rateIndex .. ':b', '1') end
  local active = redis.call('ZCARD', key('act'))
  local admitted, examined = 0, 0
  while examined < MAX_BATCH and queueLength > 0 do
    if s.enabled and (active >= s.maxActiveUsers or bucket.tokens < 1) then break end
    local head = redis.call('ZRANGE', key('queue'), 0, 0)[1]
    local seen = tonumber(redis.call('ZSCORE', key('hb'), head))
    -- The expiry batch above is bounded, so an abandoned head can still be here: never admit it.
    if (not seen) or seen <= now - ticketTtl then
      dropWaiting(head)
    else
      admit(head)
      active = active + 1
      admitted = admitted + 1
      if s.enabled then bucket.tokens = bucket.tokens - 1 end
    end
    queueLength = queueLength - 1
    examined = examined + 1
  end
  saveBucket(bucket)
  if s.enabled and admitted > 0 then redis.call('HINCRBY', key('rate'), rateIndex .. ':a', admitted) end
end

local function facts(s)
  local oldest = math.floor((now - rateWindowMs) / rateBucketMs)
  local raw = redis.call('HGETALL', key('rate'))
  local rate = {}
  for i = 1, #raw, 2 do
    local field = raw[i]
    local index = tonumber(string.sub(field, 1, string.find(field, ':', 1, true) - 1))
    if index < oldest then
      redis.call('HDEL', key('rate'), field)
    else
      rate[#rate + 1] = field
      rate[#rate + 1] = raw[i + 1]
    end
  end
  return { settings = s, queueLength = redis.call('ZCARD', key('queue')), preQueueLength = redis.call('ZCARD', key('pre')),
           active = redis.call('ZCARD', key('act')), admittedTotal = tonumber(redis.call('GET', key('admitted')) or '0'),
           rate = rate }
end

local function describe(id, state, s)
  if state == 'admitted' then
    return { kind = 'admitted', ticketId = id, admissionNumber = tonumber(redis.call('HGET', key('t:' .. id), 'admission') or '0'),
             lastSeenAt = tonumber(redis.call('ZSCORE', key('act'), id)), settings = s }
  end
  local reply = facts(s)
  reply.kind = 'waiting'
  reply.ticketId = id
  if state == 'pre' then
    reply.phase = 'pre-queue'
  else
    reply.phase = 'queue'
    reply.ahead = redis.call('ZRANK', key('queue'), id)
  end
  return reply
end

-- Renews the ticket's heartbeat or the session's activity; false (and cleaned up) when it lapsed.
local function renew(id, state, s)
  if state == 'admitted' then
    local seen = tonumber(redis.call('ZSCORE', key('act'), id))
    if (not seen) or seen <= now - s.sessionMs then endSession(id) return false end
    if now > seen then redis.call('ZADD', key('act'), now, id) end
    return true
  end
  local seen = tonumber(redis.call('ZSCORE', key('hb'), id))
  if (not seen) or seen <= now - ticketTtl then dropWaiting(id) return false end
  if now > seen then redis.call('ZADD', key('hb'), now, id) end
  return true
end

local NEED_OPEN = cjson.encode({ kind = 'need_open' })
local GONE = cjson.encode({ kind = 'gone' })
`;

/** ARGV[7] ownerKey, ARGV[8] capped ip ('' = not capped), ARGV[9] max tickets per ip, ARGV[10] new id. */
export const ENTER = `${PRELUDE}
local ownerKey, cappedIp, maxPerIp, newId = ARGV[7], ARGV[8], tonumber(ARGV[9]), ARGV[10]
local s = loadSettings()
if needsOpening(s) then return NEED_OPEN end
advance(s)

local existing = redis.call('GET', key('o:' .. ownerKey))
if existing then
  local state = redis.call('HGET', key('t:' .. existing), 'state')
  if state and renew(existing, state, s) then return cjson.encode(describe(existing, state, s)) end
end

local function create(state)
  local seq = redis.call('INCR', key('seq'))
  local ip = cappedIp
  local admission = 0
  if state == 'admitted' then ip, admission = '', redis.call('INCR', key('admitted')) end
  redis.call('HSET', key('t:' .. newId), 'owner', ownerKey, 'ip', ip, 'seq', seq, 'state', state, 'admission', admission)
  redis.call('PEXPIRE', key('t:' .. newId), recordTtl)
  redis.call('SET', key('o:' .. ownerKey), newId, 'PX', recordTtl)
  if state == 'admitted' then
    redis.call('ZADD', key('act'), now, newId)
  else
    redis.call('ZADD', key(state), seq, newId)
    redis.call('ZADD', key('hb'), now, newId)
    changeIpCount(ip, 1)
  end
  return cjson.encode(describe(newId, state, s))
end

if not s.enabled then return create('admitted') end
if not beforeOpening(s) and redis.call('ZCARD', key('queue')) == 0 and redis.call('ZCARD', key('pre')) == 0
   and redis.call('ZCARD', key('act')) < s.maxActiveUsers then
  local bucket = loadBucket(s)
  if bucket.tokens >= 1 then
    bucket.tokens = bucket.tokens - 1
    saveBucket(bucket)
    return create('admitted')
  end
end
if cappedIp ~= '' and tonumber(redis.call('HGET', key('ipc'), cappedIp) or '0') >= maxPerIp then
  return cjson.encode({ kind = 'ip_limit' })
end
if beforeOpening(s) then return create('pre') end
return create('queue')
`;

/** ARGV[7] ticket id. */
export const POLL = `${PRELUDE}
local id = ARGV[7]
local s = loadSettings()
if needsOpening(s) then return NEED_OPEN end
advance(s)
local state = redis.call('HGET', key('t:' .. id), 'state')
if not state then
  redis.call('ZREM', key('act'), id)
  return GONE
end
if not renew(id, state, s) then return GONE end
return cjson.encode(describe(id, state, s))
`;

/** ARGV[7] session id. Touch does not advance the queue: it runs on every protected request. */
export const TOUCH = `${PRELUDE}
local id = ARGV[7]
local s = loadSettings()
if not redis.call('ZSCORE', key('act'), id) then return GONE end
if not renew(id, 'admitted', s) then return GONE end
return cjson.encode({ kind = 'alive', lastSeenAt = tonumber(redis.call('ZSCORE', key('act'), id)), settings = s })
`;

/** ARGV[7] ticket or session id. */
export const RELEASE = `${PRELUDE}
local id = ARGV[7]
local state = redis.call('HGET', key('t:' .. id), 'state')
if state == 'queue' or state == 'pre' then dropWaiting(id) return 1 end
if redis.call('ZREM', key('act'), id) == 1 then forget(id) return 1 end
return 0
`;

export const SUMMARY = `${PRELUDE}
local s = loadSettings()
if needsOpening(s) then return NEED_OPEN end
advance(s)
return cjson.encode(facts(s))
`;

/**
 * ARGV[7..] the pre-queue shuffled by the caller (crypto randomness is not available in Lua).
 * Members who joined between the caller's read and this call follow in join order; a second process
 * opening concurrently finds the pre-queue empty and does nothing.
 */
export const OPEN = `${PRELUDE}
local s = loadSettings()
if beforeOpening(s) then return 0 end
local function move(id)
  if redis.call('ZREM', key('pre'), id) == 1 then
    local seq = redis.call('INCR', key('seq'))
    redis.call('ZADD', key('queue'), seq, id)
    redis.call('HSET', key('t:' .. id), 'seq', seq, 'state', 'queue')
  end
end
for i = 7, #ARGV do move(ARGV[i]) end
for _, id in ipairs(redis.call('ZRANGE', key('pre'), 0, -1)) do move(id) end
return 1
`;

/** ARGV[1..5] settings. Writes them only when absent (first process wins); returns the current ones. */
export const INIT_SETTINGS = `
local cfg = KEYS[1] .. ':cfg'
if redis.call('EXISTS', cfg) == 0 then
  redis.call('HSET', cfg, 'enabled', ARGV[1], 'maxActiveUsers', ARGV[2], 'admitPerMinute', ARGV[3],
             'sessionMs', ARGV[4], 'opensAtMs', ARGV[5])
end
return redis.call('HMGET', cfg, 'enabled', 'maxActiveUsers', 'admitPerMinute', 'sessionMs', 'opensAtMs')
`;
