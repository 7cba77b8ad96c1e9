-- +goose Up
-- The site's own pages (issue 11, trust basics): the terms, the privacy policy, who runs the
-- site, how to reach them and the participants' FAQ, in Japanese and English. Every save is a
-- new version (never an update), so the text a person agreed to can always be read again; the
-- newest version is shown. Version 1 is the default text below (author 0, created_at 0), which
-- the admins are expected to adapt. Same tables, columns and rows as the PostgreSQL file.
CREATE TABLE site_pages (
    slug       TEXT    NOT NULL CHECK (slug IN ('terms', 'privacy', 'operator', 'contact', 'faq')),
    version    INTEGER NOT NULL CHECK (version > 0),
    title_ja   TEXT    NOT NULL,
    body_ja    TEXT    NOT NULL,
    title_en   TEXT    NOT NULL,
    body_en    TEXT    NOT NULL,
    author_id  BIGINT  NOT NULL DEFAULT 0, -- the admin who saved it; 0 for the default text
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (slug, version)
);

-- Who agreed to which version of a page (the terms at sign-up, and again after a change).
CREATE TABLE consents (
    user_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slug      TEXT    NOT NULL,
    version   INTEGER NOT NULL,
    agreed_at BIGINT  NOT NULL,
    PRIMARY KEY (user_id, slug, version)
);

INSERT INTO site_pages (slug, version, title_ja, body_ja, title_en, body_en, author_id, created_at) VALUES
('terms', 1, '利用規約',
'この利用規約（以下「本規約」）は、ふるさと兼業（以下「本サービス」）の利用条件を定めるものです。本サービスを利用する方は、本規約に同意したものとみなします。

## 第1条（本サービスの内容）
本サービスは、地域の企業・団体が募集する兼業・副業のプロジェクトを掲載し、参加を希望する方のエントリー、コーディネーターによる調整、参画後の伴走を支援するものです。本サービスは雇用や業務委託の契約の当事者にはなりません。参画の条件は、参加者と受け入れ企業との間で取り決めていただきます。

## 第2条（アカウント）
- アカウントの登録には、ご本人のメールアドレスが必要です。
- 登録内容は正確に保ち、変更があったときは速やかに更新してください。
- パスワードはご自身で管理し、他人に知らせないでください。
- メールアドレスの確認が済むまで、お知らせのメールはお送りしません。確認が済んだ時点で、それまでのお知らせをまとめてお送りします。

## 第3条（禁止事項）
本サービスの利用にあたり、次の行為を禁止します。
- 法令または公序良俗に反する行為
- 他人になりすます行為、事実と異なる内容を登録する行為
- 他の利用者や受け入れ企業を誹謗中傷し、または迷惑をかける行為
- プロジェクトで知り得た秘密情報を、許可なく第三者に開示する行為
- 本サービスの運営を妨げる行為、不正にアクセスする行為
- 本サービスを通じて知り合った方を、本サービスの目的と異なる勧誘に誘う行為

## 第4条（プロジェクトへの参画）
エントリーから参画決定までの選考は、受け入れ企業とコーディネーターが行います。選考の結果や理由について、運営事務局はお答えできない場合があります。参画後の報酬、交通費、秘密保持などの条件は、チームの取り決め（合意書）に従います。

## 第5条（投稿された内容）
利用者が本サービスに投稿した文章や画像の権利は、投稿した方に残ります。運営事務局は、本サービスの提供と紹介に必要な範囲で、それらを無償で利用できるものとします。事例として紹介する場合は、事前にご本人の同意をいただきます。

## 第6条（利用の停止）
本規約に反する行為があったときは、事前の通知なく、アカウントの利用を停止することがあります。

## 第7条（免責）
運営事務局は、本サービスに掲載されたプロジェクトの内容や、利用者と受け入れ企業との間で生じたトラブルについて、故意または重大な過失がある場合を除き、責任を負いません。ただし、トラブルの解決に向けて、コーディネーターとともにできる限りのお手伝いをします。

## 第8条（本規約の変更）
本規約を変更するときは、本サービス上でお知らせします。変更後に初めてログインしたときに、新しい規約への同意をお願いします。

## 第9条（準拠法と管轄）
本規約は日本法に従って解釈します。本サービスに関して紛争が生じたときは、運営事務局の所在地を管轄する地方裁判所を第一審の専属的合意管轄裁判所とします。',
'Terms of use',
'These terms of use ("these Terms") set out the conditions for using Furusato (the "Service"). By using the Service you agree to these Terms.

## 1. What the Service does
The Service lists side-job projects offered by regional companies and organisations, handles the entries of people who wish to take part, supports the coordinators who arrange them, and helps the teams after a match. The Service is not a party to any employment or service contract. The conditions of taking part are agreed between the participant and the host company.

## 2. Your account
- You need your own e-mail address to register.
- Keep the details of your account accurate and up to date.
- Keep your password to yourself.
- Until your e-mail address is confirmed, we send you no notice by e-mail. Once it is confirmed, we send you the notices you received meanwhile.

## 3. What you must not do
- Break the law or act against public order and morals.
- Pretend to be someone else or register false information.
- Defame or harass other users or host companies.
- Disclose confidential information learned in a project without permission.
- Disrupt the Service or access it without authorisation.
- Use contacts made through the Service for solicitations unrelated to its purpose.

## 4. Taking part in a project
Host companies and coordinators screen the entries. The secretariat may not be able to explain the result of a selection. Rewards, travel costs and confidentiality after a match follow the team''s agreement.

## 5. What you post
You keep the rights to the text and images you post. The secretariat may use them free of charge as far as needed to run and present the Service. We ask for your consent before featuring you in a story.

## 6. Suspension
If you break these Terms, we may suspend your account without notice.

## 7. Limitation of liability
Except in cases of intent or gross negligence, the secretariat is not liable for the content of listed projects or for disputes between users and host companies. We will, however, do what we can with the coordinators to help resolve them.

## 8. Changes to these Terms
When we change these Terms, we announce it on the Service. The first time you sign in after a change, we ask you to agree to the new Terms.

## 9. Governing law
These Terms are governed by the laws of Japan. The district court having jurisdiction over the secretariat''s address is the exclusive court of first instance.',
0, 0),
('privacy', 1, 'プライバシーポリシー',
'ふるさと兼業 運営事務局（以下「運営事務局」）は、本サービスで預かる個人情報を次のとおり取り扱います。

## 集める情報
- アカウントの情報：お名前（表示名）、メールアドレス、パスワード（復元できない形に変換して保存します）
- プロフィール：所属、経験、スキル、自己紹介など、ご自身で入力した内容
- エントリーとメッセージ：志望動機、稼働できる時間、質問、やりとりしたメッセージ、面談の日程
- 参画後の記録：定例報告、ふりかえり、交通費の記録、参画証明
- 利用の記録：ログインの日時、IPアドレス、利用規約に同意した日時と版

## 使う目的
- 本サービスの提供（エントリー、選考、面談、チームでの活動の支援）
- お知らせの送信（メールで受け取るかどうかは、通知の設定で選べます）
- 不正な利用の防止と、安全の確保
- 個人を特定しない形での統計と、本サービスの改善

## 見ることができる人
- エントリーした内容とプロフィールは、そのプロジェクトの受け入れ企業の担当者と、担当のコーディネーターが見ます。
- 参画後の記録は、同じチームのメンバー（受け入れ企業、コーディネーター、伴走者）が見ます。
- 運営事務局の管理者は、運営に必要な範囲ですべての情報を見ることがあります。管理者の操作は記録に残ります。
- 参画証明は、ご本人が公開を選んだときだけ公開されます。
- 法令に基づく場合を除き、ご本人の同意なく第三者に提供することはありません。

## 保存する期間
- アカウントの情報とプロフィールは、アカウントを削除するまで保存します。
- 送信したメールの控えは、一定の期間が過ぎると自動で削除します。
- 削除したアカウントは、お名前とメールアドレスを消したうえで、エントリーなどの記録を受け入れ企業の控えとして残すことがあります。

## データの書き出しと削除
- アカウントの画面から、ご自身のデータをいつでも書き出せます（JSON形式）。
- アカウントの画面から、いつでもアカウントを削除できます。
- ご不明な点は、お問い合わせの窓口までご連絡ください。

## Cookie
ログインの状態を保つために Cookie を使います。広告や追跡のための Cookie は使いません。

## このポリシーの変更
内容を変更したときは、本サービス上でお知らせします。',
'Privacy policy',
'The Furusato secretariat (the "secretariat") handles the personal information the Service holds as follows.

## What we collect
- Account: your display name, e-mail address and password (stored only as a one-way hash)
- Profile: your affiliation, experience, skills and introduction, as you enter them
- Entries and messages: motivation, available hours, questions, messages and interview times
- After a match: check-ins, reflections, trip records and participation records
- Usage: sign-in times, IP addresses, and when you agreed to which version of the terms

## Why we use it
- To run the Service (entries, screening, interviews, supporting teams)
- To send you notices (you choose which ones come by e-mail in your notification settings)
- To prevent abuse and keep the Service safe
- For statistics that identify no one, and to improve the Service

## Who sees it
- Your entry and profile are seen by the host company''s staff and the coordinator of that project.
- Records after a match are seen by the members of the same team (host company, coordinator, supporters).
- The secretariat''s administrators may see everything as far as needed to run the Service; their actions are logged.
- A participation record is public only if you choose to make it public.
- We never give your information to third parties without your consent, except as required by law.

## How long we keep it
- Your account and profile are kept until you delete your account.
- Copies of sent e-mails are deleted automatically after a while.
- When you delete your account, we remove your name and e-mail address; entries may remain as the host company''s records.

## Exporting and deleting your data
- You can export your data at any time from your account page (as JSON).
- You can delete your account at any time from your account page.
- For any question, please use the contact page.

## Cookies
We use a cookie to keep you signed in. We use no advertising or tracking cookies.

## Changes
When we change this policy, we announce it on the Service.',
0, 0),
('operator', 1, '運営者情報',
'本サービスは、全国の地域コーディネート団体が共同で運営しています。

## 運営
ふるさと兼業 運営事務局

## 所在地・連絡先
運営事務局の所在地と連絡先は、お問い合わせのページをご覧ください。

## 運営に参加する団体
各地域のコーディネート団体は、「運営団体」のページで紹介しています。

## 本サービスのソースコード
本サービスはオープンソースのソフトウェアで作られています。',
'About us',
'The Service is run jointly by regional coordinating organisations across Japan.

## Operator
The Furusato secretariat

## Address and contact
See the contact page for the secretariat''s address and how to reach it.

## Member organisations
The regional coordinating organisations are listed on the "Organisations" page.

## Source code
The Service is built on open-source software.',
0, 0),
('contact', 1, 'お問い合わせ',
'本サービスについてのご質問やご意見は、次の窓口で受け付けています。

## プロジェクトについて
プロジェクトの内容や選考については、エントリーのページのメッセージから、受け入れ企業とコーディネーターに直接お問い合わせください。

## アカウントや本サービス全体について
運営事務局までメールでご連絡ください。数日以内にお返事します。土日祝日と年末年始は、お返事が遅れることがあります。

## 個人情報について
データの書き出しや削除は、アカウントの画面からいつでもご自身で行えます。それ以外のご相談は、運営事務局までご連絡ください。

## 受け入れ企業・パートナーとして参加したい方へ
地域のコーディネート団体か運営事務局までご連絡ください。',
'Contact',
'We welcome your questions and comments about the Service.

## About a project
For questions about a project or its selection, please write to the host company and the coordinator through the messages on your entry page.

## About your account or the Service
Please write to the secretariat by e-mail. We answer within a few days; answers may take longer on weekends, public holidays and over the New Year.

## About your personal data
You can export or delete your data yourself at any time from your account page. For anything else, please write to the secretariat.

## Hosting a project or joining as a partner
Please contact your regional coordinating organisation or the secretariat.',
0, 0),
('faq', 1, 'よくある質問',
'参加を考えている方から、よくいただく質問をまとめました。

## 勤務先の副業規定が心配です
まず、お勤め先の就業規則で、副業・兼業がどのように定められているかをご確認ください。届け出や許可が必要な会社もあります。エントリーの前に確認しておくと安心です。報酬のないプロジェクトでも、社外での活動として届け出が必要な場合があります。分からないことは、お勤め先の人事担当の方にご相談ください。

## 報酬はどのように受け取りますか
報酬のあるプロジェクトでは、受け取り方と金額を、参画決定のあとにチームの取り決め（合意書）で確認します。支払いは受け入れ企業から直接行われます。本サービスが報酬を預かることはありません。

## 確定申告は必要ですか
給与所得のある方で、副業による所得（収入から経費を引いた額）が年間20万円を超える場合は、原則として確定申告が必要です。20万円以下でも、住民税の申告が必要になることがあります。詳しくは、お住まいの地域の税務署や市区町村の窓口でご確認ください。

## 秘密保持について教えてください
プロジェクトで知った受け入れ企業の情報は、許可なく外部に伝えないでください。必要な場合は、参画決定のあとに秘密保持の取り決めを結びます。ご自身の勤務先の情報を、プロジェクトで使わないようにもご注意ください。

## 交通費は出ますか
プロジェクトごとに異なります。各プロジェクトのページで「交通費」の欄をご確認ください（支給なし・一部支給・全額支給）。現地に行ったときは、本サービスで交通費の記録を残せます。支給の手続きは、コーディネーターが案内します。

## 確認メールが届きません
迷惑メールのフォルダーをご確認ください。ログインの画面やアカウントの画面から、確認メールをもう一度送れます。',
'Frequently asked questions',
'Answers to the questions people ask most before taking part.

## My employer has rules on side jobs
First check what your employer''s work rules say about side jobs. Some employers ask you to report or obtain approval first; it is best to check before you enter. Even an unpaid project may count as an outside activity that needs reporting. If in doubt, ask your employer''s HR department.

## How is the reward paid?
For paid projects, how and how much you are paid is confirmed in the team''s agreement after the match. The host company pays you directly; the Service never holds any money.

## Do I need to file a tax return?
If you earn a salary and your side income (revenue minus expenses) exceeds 200,000 yen a year, you generally need to file a final tax return (確定申告). Even below that, a resident tax declaration may be needed. Please ask your local tax office or municipal office for details.

## What about confidentiality?
Do not share the host company''s information you learn in a project without permission. Where needed, a confidentiality agreement is made after the match. Take care, too, not to use your own employer''s information in the project.

## Are travel costs covered?
It depends on the project. See "Travel costs" on each project page (not covered, partly covered or fully covered). You can record your trips on the Service; the coordinator explains how to claim them.

## I did not receive the confirmation e-mail
Please check your spam folder. You can have the confirmation e-mail sent again from the sign-in page or your account page.',
0, 0);

-- +goose Down
DROP TABLE consents;
DROP TABLE site_pages;
