-- Cycles through 8 investors so that no single query's cost stands for all of them.
local ids = { "inv-0001", "inv-0251", "inv-0501", "inv-0751", "inv-1001", "inv-1251", "inv-1501", "inv-1751" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/v1/profiles/" .. ids[(i % #ids) + 1] .. "/matches?limit=20")
end
