<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own strings in Somali: Qt ships no qtbase_so.qm. Edit here (or in Qt Linguist),
     then `make translations` compiles qtbase_so.qm with pyside6-lrelease. -->
<TS version="2.1" language="so">
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Kaydi</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Kaydi dhammaan</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Fur</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Haa</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Haa &amp;dhammaan</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Maya</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Maya dhamma&amp;an</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Jooji</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Isku day mar kale</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Iska dhaaf</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Xir</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Jooji</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Tuur</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Caawimo</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Dabaq</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Dib u deji</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Soo celi kuwii hore</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Ka noqo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Mar kale samee</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Jar</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Koobiyee</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dhaji</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Tirtir</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Dooro dhammaan</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Ka noqo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Mar kale samee</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Jar</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Koobiyee</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dhaji</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Tirtir</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Dooro dhammaan</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Koobiyee &amp;cinwaanka xiriirka</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <source>Go Back</source>
        <translation>Dib u noqo</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Dib</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Sii wad</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Xiga</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Xiga &gt;</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Xaqiiji</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Dhammaatay</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Dhammee</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Jooji</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Caawimo</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Caawimo</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Muuji faahfaahinta...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Qari faahfaahinta...</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>QDialogButtonBox</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Kor u qaad</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>Hoos u &amp;dhig</translation>
    </message>
    <message>
        <source>&amp;Select All</source>
        <translation>&amp;Dooro dhammaan</translation>
    </message>
</context>
<context>
    <name>QShortcut</name>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Backspace</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Meel bannaan</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Kor</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Hoos</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Bidix</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Midig</translation>
    </message>
</context>
<context>
    <name>QScrollBar</name>
    <message>
        <source>Scroll here</source>
        <translation>Halkan u rog</translation>
    </message>
    <message>
        <source>Left edge</source>
        <translation>Geeska bidix</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Xagga sare</translation>
    </message>
    <message>
        <source>Right edge</source>
        <translation>Geeska midig</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>Xagga hoose</translation>
    </message>
    <message>
        <source>Page left</source>
        <translation>Bog bidix</translation>
    </message>
    <message>
        <source>Page up</source>
        <translation>Bog kor</translation>
    </message>
    <message>
        <source>Page right</source>
        <translation>Bog midig</translation>
    </message>
    <message>
        <source>Page down</source>
        <translation>Bog hoos</translation>
    </message>
    <message>
        <source>Scroll left</source>
        <translation>U rog bidix</translation>
    </message>
    <message>
        <source>Scroll up</source>
        <translation>U rog kor</translation>
    </message>
    <message>
        <source>Scroll right</source>
        <translation>U rog midig</translation>
    </message>
    <message>
        <source>Scroll down</source>
        <translation>U rog hoos</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <source>Scroll Left</source>
        <translation>U rog bidix</translation>
    </message>
    <message>
        <source>Scroll Right</source>
        <translation>U rog midig</translation>
    </message>
</context>
<context>
    <name>QComboBox</name>
    <message>
        <source>False</source>
        <translation>Been</translation>
    </message>
    <message>
        <source>True</source>
        <translation>Run</translation>
    </message>
</context>
</TS>
