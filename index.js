'use strict';
// The RedFlare webhook engine for use outside n8n (plain Node.js >= 20.15): plan a call from a
// definition and the agent's values, then send it with a transport you pass in. Needs `npm run build`
// first (it loads dist/) and the `zod` package (n8n provides it inside n8n).
module.exports = require('./dist/engine');
