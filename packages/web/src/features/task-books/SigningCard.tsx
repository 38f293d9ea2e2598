import { SIGNING_PARTIES, type SigningParty } from '@smartcity/domain';
import { useSignTaskBook, useTaskBookVersions } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { SignatureBlock } from '../../components/SignatureBlock';
import type { ReactNode } from 'react';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';

/** The signature block in 附件2's order: 甲方 the Ministry, 乙方 the pilot government, 丙方 the supervising province. */
export function SigningCard({ book }: { book: TaskBookView }) {
  const { t, m } = useI18n();
  const s = t.taskBook.signing;
  const sign = useSignTaskBook(book.id);
  // what a signature signs now: the frozen current version's digest
  const versions = useTaskBookVersions(book.id);
  const digest = versions.data?.items.find((v) => v.number === book.currentVersion)?.digest ?? null;
  const names: Record<SigningParty, ReactNode> = {
    ministry: s.ministry,
    pilot: <Zh>{book.pilot.organisationName}</Zh>,
    province: <Zh>{book.province.name}</Zh>,
  };
  return (
    <div id="signing">
      <SignatureBlock
        title={s.title}
        parties={SIGNING_PARTIES.map((party) => ({
          party,
          heading: (
            <>
              {names[party]}
              {fmt(t.partySuffix, { party: m.party[party] })}
            </>
          ),
        }))}
        signatures={book.signatures}
        canSign={book.abilities.sign}
        digest={digest}
        signing={sign.isPending}
        sign={(body, callbacks) => sign.mutate(body, callbacks)}
      />
    </div>
  );
}
