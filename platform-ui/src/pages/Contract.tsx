import { CONTRACT_URL, contractFileUrl } from '../api/contract';
import { Page } from '../components/Page';

const FILES = [
  { name: 'guide.md', what: 'The guide: how to write, package and run an app on Plinth.' },
  { name: 'schema.json', what: 'The JSON Schema of plinth.yaml, for your editor.' },
  { name: 'example.zip', what: 'An example app, ready to upload.' },
  { name: 'container-example.zip', what: 'An example container app: a Dockerfile package for docker nodes.' },
];

/** The developer contract: one bundle, or its files one by one. No sign-in needed. */
export function Contract() {
  return (
    <Page
      title="App developer contract"
      lead="Everything an app needs to run on Plinth: the descriptor, the lifecycle and the sensor protocol."
    >
      <section className="card" aria-labelledby="bundle-heading">
        <h2 id="bundle-heading">The whole contract</h2>
        <p>One zip with the guide, the descriptor's schema and the example app.</p>
        <a className="button" href={CONTRACT_URL} download>
          Download plinth-contract.zip
        </a>
      </section>
      <section className="section" aria-labelledby="files-heading">
        <h2 id="files-heading">Its files one by one</h2>
        <ul className="file-list">
          {FILES.map((f) => (
            <li key={f.name}>
              <a href={contractFileUrl(f.name)}>{f.name}</a> — {f.what}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
