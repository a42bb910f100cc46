import { HealthStatus } from './HealthStatus';

export function App() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container">
          <p className="brand">
            <span className="brand__mark" aria-hidden="true">▰</span> Plinth
          </p>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        <h1>Plinth</h1>
        <p className="lead">
          Plinth is a platform-as-a-service for IoT apps. Upload an app with its descriptor, and the
          platform deploys it onto your nodes, connects it to its sensors and watches over it while
          it runs.
        </p>
        <div className="grid">
          <HealthStatus />
          <section className="card" aria-labelledby="start-heading">
            <h2 id="start-heading">Build an app</h2>
            <p>
              The app developer contract describes the descriptor an app ships with, the topics and
              events it can use, and how the platform runs it.
            </p>
            <ul className="links">
              <li>
                <a href="/api/contract">Download the app developer contract</a>
              </li>
              <li>
                <a href="/health">Raw health report (JSON)</a>
              </li>
            </ul>
          </section>
        </div>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>Plinth platform console</p>
        </div>
      </footer>
    </>
  );
}
