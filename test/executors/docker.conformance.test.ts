import { describe, test } from 'node:test';
import { DockerExecutor } from '../../src/executors/docker/docker-executor.js';
import { describeExecutorConformance } from './conformance.js';
import { javascriptDialect } from './dialect-javascript.js';
import { pythonDialect } from './dialect-python.js';

/**
 * Against a real Docker Engine API (Docker, or `podman system service`): set
 * SMOLAGENTS_DOCKER_SOCKET (e.g. /var/run/docker.sock), SMOLAGENTS_DOCKER_IMAGE (an image with
 * python3, already present: the suite never pulls) and optionally SMOLAGENTS_DOCKER_NODE_IMAGE (one
 * with node, for the JavaScript run). Skipped otherwise; the fake engine in docker-executor.test.ts
 * covers the wire protocol everywhere.
 */
const socketPath = process.env.SMOLAGENTS_DOCKER_SOCKET;
const pythonImage = process.env.SMOLAGENTS_DOCKER_IMAGE;
const nodeImage = process.env.SMOLAGENTS_DOCKER_NODE_IMAGE;

if (socketPath && pythonImage) {
  describeExecutorConformance(
    'DockerExecutor (Python)',
    (options) => new DockerExecutor({ ...options, image: pythonImage, docker: { socketPath }, pull: 'never', memoryLimitMb: 256 }),
    pythonDialect,
  );
}
if (socketPath && nodeImage) {
  describeExecutorConformance(
    'DockerExecutor (JavaScript)',
    (options) => new DockerExecutor({ ...options, language: 'javascript', image: nodeImage, docker: { socketPath }, pull: 'never', memoryLimitMb: 256 }),
    javascriptDialect,
  );
}
if (!socketPath || !pythonImage) {
  describe('DockerExecutor conformance', () => {
    test('needs SMOLAGENTS_DOCKER_SOCKET and SMOLAGENTS_DOCKER_IMAGE', { skip: 'no Docker engine configured' }, () => {});
  });
}
