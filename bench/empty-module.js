// An empty module: the cold-init benchmark's reference for node's own start-up and require().
module.exports = {};
