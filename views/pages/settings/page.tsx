import type { Child, FC } from "hono/jsx";

/** /settings: one card per section (profile, password, notifications, webhooks). */
export const SettingsContent: FC<{ profile: Child; password: Child; notifications: Child; webhooks: Child }> = ({ profile, password, notifications, webhooks }) => (
  <div class="stack settings">
    <div class="settings-grid">
      <div class="settings-col">
        {profile}
        {notifications}
      </div>
      <div class="settings-col">{password}</div>
    </div>
    {webhooks}
  </div>
);
