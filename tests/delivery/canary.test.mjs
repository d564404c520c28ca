// .github/scripts/canary.sh run for real with stand-ins for the pulumi CLI (a config file, stack outputs) and the
// AWS CLI (CloudWatch alarm states): start, the analysis's verdicts, promote and abort.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { repoRoot } from './lib/repo.mjs';

const repository = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/eshop/product-service';
const digest = (c) => `sha256:${c.repeat(64)}`;
const alarmNames = ['eshop-prod-product-service-canary-5xx', 'eshop-prod-product-service-canary-p99'];
let scratch;

// The stand-in pulumi keeps `config set/get` (with --path for eshop:images.<service>) in config.json.
const fakePulumi = (dir) => `#!/usr/bin/env node
const fs = require('fs');
const file = '${dir}/config.json';
const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const args = process.argv.slice(2).filter((a, i, all) => a !== '--stack' && all[i - 1] !== '--stack' && a !== '--path' && a !== '--json');
fs.appendFileSync('${dir}/calls', process.argv.slice(2).join(' ') + '\\n');
const [group, verb, key, value] = args;
if (group === 'stack' && verb === 'output') {
  const outputs = JSON.parse(fs.readFileSync('${dir}/outputs.json', 'utf8'));
  if (!(key in outputs)) process.exit(255);
  process.stdout.write(JSON.stringify(outputs[key]));
} else if (group === 'config' && verb === 'get') {
  if (!(key in config)) process.exit(255);
  process.stdout.write(config[key]);
} else if (group === 'config' && verb === 'set') {
  config[key] = value;
  fs.writeFileSync(file, JSON.stringify(config));
} else process.exit(2);
`;

beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'eshop-canary-'));
  writeFileSync(path.join(scratch, 'pulumi'), fakePulumi(scratch));
  writeFileSync(path.join(scratch, 'aws'), `#!/usr/bin/env bash\necho "$*" >> "${scratch}/aws-calls"\ncat "${scratch}/alarms.json"\n`);
  for (const tool of ['pulumi', 'aws']) chmodSync(path.join(scratch, tool), 0o755);
  writeFileSync(path.join(scratch, 'outputs.json'), JSON.stringify({ images: { 'product-service': `${repository}@${digest('a')}` }, canaryAlarmNames: alarmNames }));
  writeFileSync(path.join(scratch, 'product-service'), `${repository}@${digest('b')}`);
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const canary = (...args) => spawnSync('bash', ['.github/scripts/canary.sh', ...args], {
  cwd: repoRoot, encoding: 'utf8', env: { ...process.env, PATH: `${scratch}:${process.env.PATH}` },
});
const config = () => JSON.parse(readFileSync(path.join(scratch, 'config.json'), 'utf8'));
const alarms = (...states) => writeFileSync(path.join(scratch, 'alarms.json'), JSON.stringify({
  MetricAlarms: states.map((state, i) => ({ AlarmName: alarmNames[i], StateValue: state, StateReason: `Threshold Crossed: ${alarmNames[i]}` })),
}));
const outputs = (text) => Object.fromEntries(text.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));

describe('canary.sh', () => {
  it('start keeps the running image as stable and makes the new digest the canary at the weight', () => {
    const result = canary('start', 'acme/prod', 'product-service', scratch, '10');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(config()['eshop:images.product-service'], `${repository}@${digest('a')}`);
    assert.deepEqual(JSON.parse(config()['eshop:canary']), { service: 'product-service', digest: digest('b'), weight: 10 });
  });

  it('start releases the image with the others when it is what runs already', () => {
    writeFileSync(path.join(scratch, 'product-service'), `${repository}@${digest('a')}`);
    const result = canary('start', 'acme/prod', 'product-service', scratch, '10');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /no canary/);
    assert.throws(() => config(), 'no config was set');
  });

  it('the analysis promotes when no alarm fires, reading exactly the stack\'s canary alarms', () => {
    canary('start', 'acme/prod', 'product-service', scratch, '10');
    alarms('OK', 'OK');
    const result = canary('analyse', 'acme/prod', '0');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(outputs(result.stdout).verdict, 'promote');
    assert.match(readFileSync(path.join(scratch, 'aws-calls'), 'utf8'), new RegExp(`cloudwatch describe-alarms --alarm-names ${alarmNames.join(' ')}`));
  });

  it('the analysis aborts naming the alarm that fired and its reason', () => {
    canary('start', 'acme/prod', 'product-service', scratch, '10');
    alarms('ALARM', 'OK');
    const verdict = outputs(canary('analyse', 'acme/prod', '0').stdout);
    assert.equal(verdict.verdict, 'abort');
    assert.equal(verdict.reason, `${alarmNames[0]}: Threshold Crossed: ${alarmNames[0]}`);
  });

  it('the analysis aborts when CloudWatch lacks one of the alarms, and has nothing to judge without a canary', () => {
    canary('start', 'acme/prod', 'product-service', scratch, '10');
    alarms('OK');
    assert.equal(outputs(canary('analyse', 'acme/prod', '0').stdout).verdict, 'abort');
    canary('abort', 'acme/prod');
    assert.equal(outputs(canary('analyse', 'acme/prod', '0').stdout).verdict, 'none');
  });

  it('promote makes the canary digest stable in the same repository and sets the weight to 0', () => {
    canary('start', 'acme/prod', 'product-service', scratch, '10');
    const result = canary('promote', 'acme/prod');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(config()['eshop:images.product-service'], `${repository}@${digest('b')}`);
    assert.equal(JSON.parse(config()['eshop:canary']).weight, 0);
  });

  it('abort sets the weight to 0 and says so, leaving the stable image alone; without a running canary it changes nothing', () => {
    assert.equal(outputs(canary('abort', 'acme/prod').stdout).changed, 'false');
    assert.throws(() => config(), 'no config was set without a canary');
    canary('start', 'acme/prod', 'product-service', scratch, '10');
    assert.equal(outputs(canary('abort', 'acme/prod').stdout).changed, 'true');
    assert.equal(outputs(canary('abort', 'acme/prod').stdout).changed, 'false', 'a second abort changes nothing');
    assert.equal(config()['eshop:images.product-service'], `${repository}@${digest('a')}`);
    assert.deepEqual(JSON.parse(config()['eshop:canary']), { service: 'product-service', digest: digest('b'), weight: 0 });
  });
});
