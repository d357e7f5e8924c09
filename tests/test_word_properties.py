"""A Word document's properties are emptied wherever the package keeps them, and the settings
that carry a writer's name or paths (document variables, a mail merge's data source) go."""

from __future__ import annotations

import io
import zipfile

from intake.attachments import clean_upload
from tests.fixtures.evidence import REL, W, word_document

CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
NET_CORE = "package/services/metadata/core-properties/4f1b2c3d.psmdcp"


def cleaned_parts(**parts: str) -> dict[str, bytes]:
    cleaned = clean_upload("statement.docx", word_document(**parts))
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_core_properties_stored_where_the_packages_relationships_say_are_emptied() -> None:
    parts = cleaned_parts(
        **{
            "_rels/.rels": (
                f'<Relationships xmlns="{REL}">'
                f'<Relationship Id="R1" Type="{OFFICE_DOCUMENT}" Target="/word/document.xml"/>'
                f'<Relationship Id="R2" Type="{CORE}" Target="/{NET_CORE}"/>'
                f'<Relationship Id="R3" Type="{EXTENDED}" Target="props/extra.xml"/>'
                "</Relationships>"
            ),
            NET_CORE: (
                '<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/'
                'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                "<dc:creator>CANARYCREATOR</dc:creator><lastModifiedBy>CANARYEDITOR"
                "</lastModifiedBy></coreProperties>"
            ),
            "props/extra.xml": "<Properties><Company>CANARYCOMPANY</Company></Properties>",
        }
    )
    assert parts[NET_CORE].endswith(b'core-properties"/>')
    assert b"CANARY" not in parts[NET_CORE] + parts["props/extra.xml"]
    assert b"The sergeant said it in front of the team." in parts["word/document.xml"]


def test_a_psmdcp_part_no_relationship_names_is_emptied_too() -> None:
    parts = cleaned_parts(
        **{NET_CORE: "<coreProperties><creator>CANARY</creator></coreProperties>"}
    )
    assert b"CANARY" not in parts[NET_CORE]


def test_document_variables_and_a_mail_merges_data_source_go_from_the_settings() -> None:
    parts = cleaned_parts(
        **{
            "word/settings.xml": (
                f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'  # noqa: S608 (not SQL)
                '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:connectString '
                'w:val="Provider=Microsoft.ACE.OLEDB.12.0;Data Source=C:\\Users\\CANARYUSER\\'
                'rota.xlsx"/><w:query w:val="SELECT * FROM `CANARYSHEET$`"/></w:mailMerge>'
                '<w:docVars><w:docVar w:name="Author" w:val="CANARYVAR"/></w:docVars>'
                "</w:settings>"
            )
        }
    )
    settings = parts["word/settings.xml"]
    assert b"CANARY" not in settings
    assert b"docVars" not in settings and b"mailMerge" not in settings
    assert b'<w:zoom w:percent="100"/>' in settings
