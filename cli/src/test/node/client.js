// A client of the ZooPipe job API in another language: loads the project's .proto files, submits a
// job to `zoopipe serve`, prints its progress stream and checks the final counts.
//
// usage: node client.js HOST:PORT PROTO_DIR INPUT OUTPUT EXPECTED_RECORDS
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

function main() {
  const [address, protoDir, input, output, expectedText] = process.argv.slice(2);
  if (!expectedText) {
    console.error('usage: node client.js HOST:PORT PROTO_DIR INPUT OUTPUT EXPECTED_RECORDS');
    process.exit(2);
  }
  const expected = Number(expectedText);
  const definition = protoLoader.loadSync(path.join(protoDir, 'zoopipe/v1/job.proto'), {
    includeDirs: [protoDir],
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
  });
  const v1 = grpc.loadPackageDefinition(definition).zoopipe.v1;
  const jobs = new v1.JobService(address, grpc.credentials.createInsecure());
  const deadline = () => new Date(Date.now() + 30_000);

  const request = {
    pipe: {
      input: { location: input, format: 'FORMAT_UNSPECIFIED' },
      output: { location: output, format: 'FORMAT_UNSPECIFIED' },
      executor: { threads: 1, batch_size: 100 },
    },
    workers: 0,
    shards: 4,
  };
  jobs.SubmitJob(request, { deadline: deadline() }, (error, response) => {
    if (error) {
      fail(`SubmitJob failed: ${error.code} ${error.details}`);
    }
    const jobId = response.job_id;
    console.log(`submitted job ${jobId}`);
    const stream = jobs.WatchJob({ job_id: jobId });
    stream.on('data', (progress) => {
      console.log(
        `progress ${progress.status} records=${progress.counts.total_processed} ` +
          `shards=${progress.shards_done}/${progress.shards_total} busy=${progress.workers_busy}` +
          (progress.done ? ' done' : ''));
    });
    stream.on('error', (e) => fail(`WatchJob failed: ${e.code} ${e.details}`));
    stream.on('end', () => {
      jobs.GetJobReport({ job_id: jobId }, { deadline: deadline() }, (e, report) => {
        if (e) {
          fail(`GetJobReport failed: ${e.code} ${e.details}`);
        }
        const c = report.counts;
        console.log(
          `report ${report.status} total=${c.total_processed} ok=${c.success_count} ` +
            `errors=${c.error_count} shards=${report.shards.length}`);
        if (report.status !== 'JOB_STATUS_COMPLETED') {
          fail(`job ended ${report.status}: ${report.message}`);
        }
        if (c.total_processed !== expected || c.success_count + c.error_count + c.dropped_count !== c.total_processed) {
          fail(`counts do not add up: expected ${expected} records, got ${JSON.stringify(c)}`);
        }
        console.log('OK');
        process.exit(0);
      });
    });
  });
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

main();
