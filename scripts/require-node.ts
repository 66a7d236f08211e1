/**
 * `tsx scripts/require-node.ts electron|host`: exits with a plain message when
 * this Node.js is too old for that way of running Quire (see src/host/nodeVersion.ts).
 */
import { nodeVersionProblem, NODE_FOR } from '../src/host/nodeVersion'

const what = process.argv[2]
if (what !== 'electron' && what !== 'host') {
  console.error(`usage: require-node ${Object.keys(NODE_FOR).join('|')}`)
  process.exit(2)
}
const problem = nodeVersionProblem(what, process.version)
if (problem) {
  console.error(problem)
  process.exit(1)
}
