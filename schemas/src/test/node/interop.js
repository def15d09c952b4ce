// Confluent's own Node.js client, used as the reference implementation of the registry REST API
// and the wire format. Driven by ConfluentNodeClientInteropTest; one JSON object per output line.
//   node interop.js write <registryUrl> <topic> <schemaFile> <messagesFile>
//     registers the schema under <topic>-value, serializes each message (one JSON per line)
//   node interop.js read <registryUrl> <topic>   (hex-encoded records on stdin, one per line)
//     deserializes each record with the writer schema fetched by id
'use strict';
const fs = require('fs');
const readline = require('readline');
const { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType } = require('@confluentinc/schemaregistry');

function plain(value) {
  return JSON.parse(JSON.stringify(value, (key, v) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data).toString('hex');
    return v;
  }));
}

async function write(client, topic, schemaFile, messagesFile) {
  const subject = `${topic}-value`;
  const registeredId = await client.register(subject, { schemaType: 'AVRO', schema: fs.readFileSync(schemaFile, 'utf8') });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
  const lines = fs.readFileSync(messagesFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
  for (const line of lines) {
    const message = JSON.parse(line);
    // Avro bytes travel as hex in the test's JSON.
    message.metadata.prevHash = Buffer.from(message.metadata.prevHash, 'hex');
    message.metadata.hash = Buffer.from(message.metadata.hash, 'hex');
    const bytes = await serializer.serialize(topic, message);
    console.log(JSON.stringify({ registeredId, idInBytes: bytes.readInt32BE(1), hex: bytes.toString('hex') }));
  }
}

async function read(client, topic) {
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const input = readline.createInterface({ input: process.stdin });
  for await (const line of input) {
    if (line.trim() === '') continue;
    const bytes = Buffer.from(line.trim(), 'hex');
    const value = await deserializer.deserialize(topic, bytes);
    console.log(JSON.stringify({ idInBytes: bytes.readInt32BE(1), value: plain(value) }));
  }
}

(async () => {
  const [mode, url, topic, ...rest] = process.argv.slice(2);
  const client = new SchemaRegistryClient({ baseURLs: [url] });
  if (mode === 'write') await write(client, topic, rest[0], rest[1]);
  else if (mode === 'read') await read(client, topic);
  else throw new Error(`unknown mode ${mode}`);
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
