// A plain MongoDB client, as an application on an Azure VM would run it: it knows only
// MONGODB_URI and MONGODB_DB (and trusts the CA in NODE_EXTRA_CA_CERTS, as Node does by itself).
// `npm run rehearse -- --exec "node examples/app.js"` runs it inside the rehearsal's namespace.
'use strict';
const { MongoClient } = require('mongodb');

async function main() {
  const client = new MongoClient(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  try {
    const orders = client.db(process.env.MONGODB_DB).collection('orders');
    const { insertedId } = await orders.insertOne({ item: 'rehearsal', qty: 1, at: new Date() });
    await orders.updateOne({ _id: insertedId }, { $inc: { qty: 1 } });
    const doc = await orders.findOne({ _id: insertedId });
    if (!doc || doc.qty !== 2) throw new Error(`read back ${JSON.stringify(doc)}, expected qty 2`);
    await orders.deleteOne({ _id: insertedId });
    console.log(`app: insert, update, read (qty ${doc.qty}), delete in ${process.env.MONGODB_DB}.orders: ok`);
  } finally {
    await client.close();
  }
}

main().catch((error) => {
  console.error(`app: ${error.name}: ${error.message}`);
  process.exit(1);
});
