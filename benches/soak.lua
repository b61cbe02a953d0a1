-- Mixed reads and writes for benches/soak.sh (wrk 4).
--
--   wrk ... -s benches/soak.lua URL -- API_KEY WRITE_PERCENT STARTUPS INVESTORS PARTNERS
--
-- Each wrk thread draws its requests from its own seeded generator, so a run is repeatable
-- apart from timing. Writes never change how many profiles are stored, once warm: upserts
-- replace existing ids, and the churn deletes what it created RING creations earlier. A
-- soak whose store grew would show RSS growth for a legitimate reason and hide a leak.
--
-- response() counts statuses; done() prints one `soak KEY VALUE` line per figure for
-- soak.sh to read, because wrk itself reports only "Non-2xx or 3xx responses".

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

local SECTORS = { "ai", "blockchain", "iot", "health", "fintech", "edtech", "agritech",
  "climate-energy", "mobility", "smart-cities", "connectivity", "cybersecurity", "govtech",
  "ecommerce", "logistics", "manufacturing", "media", "enterprise-software", "consumer",
  "hardware", "biotech", "games" }
local COUNTRIES = { "KE", "NG", "GH", "ZA", "EG", "RW", "IN", "BD", "PK", "ID", "VN", "PH",
  "BR", "MX", "CO", "PE", "AE", "PT", "IT" }
local REGIONS = { "africa", "sub-saharan-africa", "eastern-africa", "western-africa",
  "southern-asia", "south-eastern-asia", "latin-america", "europe" }
local STAGES = { "idea", "pre-seed", "seed", "series-a", "series-b", "growth" }
local WORDS = { "solar", "irrigation", "farmers", "clinics", "payments", "marketplace",
  "software", "sensors", "logistics", "credit", "schools", "energy", "water", "health",
  "mobile", "data", "insurance", "women", "retail", "recycling" }
-- Upserts go to a hot set of existing profiles (the first HOT start-ups, HOT_INVESTORS
-- investors), as real edits cluster on active profiles. It is small enough to be rewritten
-- during the warm-up even at the ~10 writes/s of a busy 2-core machine, so that the store
-- (which profiles live in the imported segment, who has a deal history) is stationary
-- afterwards; with 5,000 it was still filling in at the end of 5 minutes.
local HOT, HOT_INVESTORS = 250, 25
-- Live profiles each thread's churn keeps (create one, later delete it).
local RING = 32

local function pick(list)
  return list[math.random(#list)]
end

-- Two distinct entries of `list`, as a JSON array.
local function two_of(list)
  local a = math.random(#list)
  local b = (a + math.random(#list - 1) - 1) % #list + 1
  return '["' .. list[a] .. '","' .. list[b] .. '"]'
end

local function words(n)
  local out = {}
  for i = 1, n do
    out[i] = pick(WORDS)
  end
  return table.concat(out, " ")
end

local function id_of(prefix, count, n)
  local width = math.max(4, #tostring(count))
  return string.format("%s-%0" .. width .. "d", prefix, n)
end

function init(args)
  api_key = args[1]
  write_percent = tonumber(args[2])
  startups, investors, partners = tonumber(args[3]), tonumber(args[4]), tonumber(args[5])
  if not (api_key and write_percent and startups and investors and partners) then
    error("usage: -- API_KEY WRITE_PERCENT STARTUPS INVESTORS PARTNERS")
  end
  math.randomseed(7919 * thread_id)
  hot = math.min(HOT, startups)
  hot_investors = math.min(HOT_INVESTORS, investors)
  statuses = {}
  created, deleted = 0, 0
  cursor = nil
  write_headers = { ["X-API-Key"] = api_key, ["Content-Type"] = "application/json" }
end

local function startup(id)
  local backers = ""
  -- A quarter get a deal history, so that investors' matches fuse the network's list and
  -- each write gives the next snapshot a deal graph to rebuild.
  if math.random(4) == 1 then
    backers = ',"backers":["' .. id_of("inv", investors, math.random(investors)) .. '"]'
  end
  return string.format(
    '{"id":"%s","kind":"startup","name":"Soak %s","description":"%s","sectors":%s,'
      .. '"countries":["%s"],"stage":"%s","funding_ask_usd":%d,"needs":["funding","%s"]%s}',
    id, id, words(12), two_of(SECTORS), pick(COUNTRIES), pick(STAGES),
    math.random(20, 5000) * 1000, pick({ "mentoring", "pilot", "market-access" }), backers)
end

local function investor(id)
  local low = math.random(25, 1000) * 1000
  return string.format(
    '{"id":"%s","kind":"investor","investor_type":"%s","name":"Soak %s","description":"%s",'
      .. '"sectors":%s,"regions":["%s"],"stages":%s,"ticket_min_usd":%d,"ticket_max_usd":%d}',
    id, pick({ "angel", "seed-fund", "vc", "impact-fund" }), id, words(15), two_of(SECTORS),
    pick(REGIONS), two_of(STAGES), low, low * math.random(2, 10))
end

local function put(id, body)
  return wrk.format("PUT", "/v1/profiles/" .. id, write_headers, body)
end

local function write()
  local r = math.random(100)
  if r <= 60 then
    local id = id_of("st", startups, math.random(hot))
    return put(id, startup(id))
  elseif r <= 70 then
    local id = id_of("inv", investors, math.random(hot_investors))
    return put(id, investor(id))
  elseif r <= 85 then
    -- A JSON Lines batch of 2 to 5 consecutive hot start-ups: all replaced, none added.
    local first, lines = math.random(hot - 4), {}
    for n = first, first + math.random(2, 5) - 1 do
      lines[#lines + 1] = startup(id_of("st", startups, n))
    end
    return wrk.format("POST", "/v1/profiles", write_headers, table.concat(lines, "\n"))
  elseif created - deleted < RING then
    local id = string.format("soak-%d-%d", thread_id, created)
    created = created + 1
    return put(id, startup(id))
  else
    -- Deleted 2 × RING churn requests after its creation: that PUT has long been answered.
    local id = string.format("soak-%d-%d", thread_id, deleted)
    deleted = deleted + 1
    return wrk.format("DELETE", "/v1/profiles/" .. id, write_headers)
  end
end

local function read()
  local r = math.random(100)
  if r <= 30 then
    local explain = math.random(4) == 1 and "&explain=true" or ""
    return wrk.format("GET", "/v1/profiles/" .. id_of("inv", investors, math.random(investors))
      .. "/matches?limit=20" .. explain)
  elseif r <= 42 then
    return wrk.format("GET", "/v1/profiles/" .. id_of("st", startups, math.random(startups))
      .. "/matches?limit=10&kind=" .. pick({ "investor", "investor", "partner" }))
  elseif r <= 50 then
    local path = "/v1/profiles/" .. id_of("inv", investors, math.random(investors)) .. "/matches?limit=20"
    local f = math.random(3)
    if f == 1 then
      path = path .. "&reciprocal=true"
    elseif f == 2 then
      path = path .. "&region=" .. pick(REGIONS) .. "&stage=" .. pick(STAGES) .. "," .. pick(STAGES)
    else
      path = path .. "&sector=" .. pick(SECTORS) .. "&max_usd=" .. math.random(100, 3000) * 1000
    end
    return wrk.format("GET", path)
  elseif r <= 62 then
    return wrk.format("GET", "/v1/search?q=" .. words(2):gsub(" ", "%%20")
      .. "&limit=10&kind=" .. pick({ "startup", "investor", "partner" }))
  elseif r <= 74 then
    -- Listing pages follow each other through next_cursor (taken in response()), so the
    -- soak reads pages deep into the id order and not only the first one.
    local path = "/v1/profiles?limit=50&kind=startup"
    if cursor then
      path = path .. "&cursor=" .. cursor
    end
    return wrk.format("GET", path)
  else
    local p = math.random(startups + investors + partners)
    local id
    if p <= startups then
      id = id_of("st", startups, p)
    elseif p <= startups + investors then
      id = id_of("inv", investors, p - startups)
    else
      id = id_of("pt", partners, p - startups - investors)
    end
    return wrk.format("GET", "/v1/profiles/" .. id)
  end
end

function request()
  if math.random(100) <= write_percent then
    return write()
  end
  return read()
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if body then
    local next_cursor = body:match('"next_cursor":"([^"]+)"')
    if next_cursor then
      cursor = next_cursor
    elseif body:match('"next_cursor":null') then
      cursor = nil
    end
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local e = summary.errors
  io.write(string.format("soak requests %d\n", summary.requests))
  io.write(string.format("soak duration_s %.3f\n", summary.duration / 1e6))
  io.write(string.format("soak socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("soak timeouts %d\n", e.timeout))
  io.write(string.format("soak non_2xx_3xx %d\n", e.status))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("soak p%s_ms %.2f\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("soak max_ms %.2f\n", latency.max / 1000))
  for status, count in pairs(total) do
    io.write(string.format("soak status %d %d\n", status, count))
  end
end
