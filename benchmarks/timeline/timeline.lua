-- wrk: GET one random customer's timeline per request (twitter:user1 .. twitter:user1000000).
local token = os.getenv("RAPPORT_TOKEN")
math.randomseed(os.time())
request = function()
  local n = math.random(1, 1000000)
  return wrk.format("GET", "/v1/identities/twitter:user" .. n .. "/timeline?limit=20", { ["Authorization"] = "Bearer " .. token })
end
